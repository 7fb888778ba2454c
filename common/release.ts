/**
 * How a data release is named and cited: one definition for the export (pipelines/release.ts writes
 * release.json and README.txt), the brief's footer (CLI and page alike) and the pages.
 */

export const PRODUCT = 'НОК-Атлас';

/** «05.12.2026» (UTC) from an ISO time; the text itself when it is not a time. */
export function dateRu(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** How to cite the data of a release (the date of access is the reader's; today by default). */
export function citation(r: { version: string; release_id: string; built_at: string }, accessed = dateRu(new Date().toISOString())): string {
  return `${PRODUCT}: аналитическое хранилище данных о независимой оценке качества условий оказания услуг (НОК). Выпуск ${r.release_id} (версия ${r.version}, сборка ${dateRu(r.built_at)}). Дата обращения: ${accessed}.`;
}

/** What the brief's footer needs from a release. */
export function briefRelease(r: { version: string; release_id: string; built_at: string }): { release_id: string; built: string; citation: string } {
  return { release_id: r.release_id, built: dateRu(r.built_at), citation: citation(r) };
}
