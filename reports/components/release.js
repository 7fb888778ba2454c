// The release of the data as the pages see it (/downloads/release.json, written by `npm run export`,
// pipelines/release.ts): loaded once per page, used for the sheet «О данных» of a table's XLSX.

import { dateRu } from './chartimage.js';

let cached = null;

/** The release, or null when the site has no downloads (a site built without `npm run export`). */
export function loadRelease(src = '/downloads/release.json') {
	if (!cached)
		cached = fetch(src)
			.then((r) => (r.ok ? r.json() : null))
			.catch(() => null);
	return cached;
}

/** «05.12.2026» from an ISO time, «—» when there is none. */
export const day = (iso) => (iso ? dateRu(new Date(iso)) : '—');

/**
 * Rows of the sheet «О данных»: what table, which release, when, the source, the filters applied
 * (the view's address and the table's own search and sort) and how to cite.
 */
export function aboutRows(release, { title, filters, address, today = new Date() }) {
	const accessed = day(today.toISOString());
	return [
		['Набор данных', `НОК-Атлас: ${title}`],
		['Выпуск', release ? release.release_id : 'не указан (выгрузки не собраны)'],
		['Хранилище собрано', release ? day(release.built_at) : '—'],
		['Дата выгрузки', accessed],
		['Источник', release ? `входные файлы папки ${release.sources_dir}, SHA-256 ${release.inputs_sha256 ?? 'не вычислен'}; синтетические значения помечены на странице и столбцом is_synthetic` : 'хранилище НОК-Атласа'],
		['Фильтры', filters || 'нет: все строки таблицы'],
		['Адрес вида', address ?? ''],
		['Как цитировать', release ? release.citation.replace(/Дата обращения: [^.]*\./, `Дата обращения: ${accessed}.`) : `НОК-Атлас, ${title}. Дата обращения: ${accessed}.`]
	];
}
