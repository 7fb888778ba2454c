// The address is the view: every input of a page (a dropdown, a table's sort, page and search, the
// practice search) keeps its state in the query string, so that a copied address opens the same view.
// One module for all of them: read a parameter, write several at once (history.replaceState, no new
// history entry, SvelteKit's own state kept), and turn a parameter's text back into the value of the
// option it names ('2023' → 2023 when the years are numbers; '77' stays '77' when codes are text).
// During prerender there is no address: reading gives null and writing does nothing.

export const inBrowser = () => typeof window !== 'undefined' && typeof window.location !== 'undefined';

/** The parameters of an address (the current one in the browser; none during prerender). */
export function readParams(search = inBrowser() ? window.location.search : '') {
	return new URLSearchParams(search);
}

/** One parameter's text, or null when absent. */
export function getParam(name, search) {
	return readParams(search).get(name);
}

/**
 * The address with these parameters set (null, undefined or '' removes one); the others are kept.
 * Pure: `withParams('/scores/?year=2023', { sphere: 'культура' })`.
 */
export function withParams(href, values) {
	const url = new URL(href, 'http://localhost');
	for (const [k, v] of Object.entries(values)) {
		if (v === null || v === undefined || v === '') url.searchParams.delete(k);
		else url.searchParams.set(k, String(v));
	}
	return url;
}

/** Writes parameters into the current address without a new history entry. */
export function setParams(values) {
	if (!inBrowser()) return;
	const next = withParams(window.location.href, values);
	if (next.search === window.location.search) return;
	window.history.replaceState(window.history.state, '', next.pathname + next.search + window.location.hash);
}

/**
 * The value a parameter names among the values an input offers: the one whose text is the same
 * (so the type is the option's own); when none matches (options not loaded yet), the text itself,
 * or a number when `numeric` says the values are numbers.
 */
export function matchValue(text, candidates = [], numeric = false) {
	if (text === null || text === undefined) return undefined;
	for (const c of candidates) if (c !== null && c !== undefined && String(c) === text) return c;
	if (numeric && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
	return text;
}

/** Parameter names of a table's state: «<key>.sort», «<key>.dir», «<key>.page», «<key>.q». */
export function tableParamNames(key) {
	return { sort: `${key}.sort`, dir: `${key}.dir`, page: `${key}.page`, q: `${key}.q` };
}

/** A short key for a table from its file name or title: letters and digits joined by «_». */
export function tableKey(...names) {
	for (const n of names) {
		const k = String(n ?? '')
			.toLowerCase()
			.replace(/ё/g, 'е')
			.replace(/[^\p{L}\p{N}]+/gu, '_')
			.replace(/^_+|_+$/g, '')
			.slice(0, 40);
		if (k && k !== 'таблица') return k;
	}
	return 't';
}
