// Russian number formatting for the dashboards, built on Intl.NumberFormat('ru-RU').
// Evidence's own formats (SheetJS SSF) always print `1,391,000.5`; these print `1 391 000,5`.
// Intl puts a no-break space (U+00A0) between thousands and before `%`, `₽`, `тыс.`, `млн`.

export const LOCALE = 'ru-RU';
/** What a missing value (NULL, undefined, NaN, empty string) is shown as. */
export const MISSING = '—';
const NBSP = '\u00a0';

const cache = new Map();
/** A cached Intl.NumberFormat('ru-RU', opts). */
export function numberFormat(opts = {}) {
	const key = JSON.stringify(opts);
	if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(LOCALE, opts));
	return cache.get(key);
}

/** True for null, undefined, NaN, '' — values that are "no answer", not zero. */
export function isMissing(v) {
	return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/** A number from a number, bigint or numeric string (`"1 391 000,5"` too); null when not a number. */
export function toNumber(v) {
	if (isMissing(v)) return null;
	if (typeof v === 'number') return Number.isFinite(v) ? v : null;
	if (typeof v === 'bigint') return Number(v);
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (typeof v === 'string') {
		const s = v.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
		if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
		return Number(s);
	}
	return null;
}

const fixed = (d, min = d) => ({ minimumFractionDigits: min, maximumFractionDigits: d });

/** `1 391 000,5` — a number with exactly `decimals` decimals. */
export function formatNumber(v, decimals = 0, minDecimals = decimals) {
	const n = toNumber(v);
	return n === null ? MISSING : numberFormat(fixed(decimals, minDecimals)).format(n);
}

/** `47,3 %` — from a share 0–1. */
export function formatPercent(share, decimals = 1, minDecimals = decimals) {
	const n = toNumber(share);
	return n === null ? MISSING : numberFormat({ style: 'percent', ...fixed(decimals, minDecimals) }).format(n);
}

/** `5 839 ₽` — rubles. */
export function formatRub(v, decimals = 0, minDecimals = decimals) {
	const n = toNumber(v);
	return n === null
		? MISSING
		: numberFormat({ style: 'currency', currency: 'RUB', ...fixed(decimals, minDecimals) }).format(n);
}

/** `623,5 тыс. ₽` — input in rubles. */
export function formatThousandRub(rub, decimals = 1, minDecimals = decimals) {
	const n = toNumber(rub);
	return n === null ? MISSING : `${formatNumber(n / 1e3, decimals, minDecimals)}${NBSP}тыс.${NBSP}₽`;
}

/** `3,7 млн ₽` — input in rubles. */
export function formatMillionRub(rub, decimals = 1, minDecimals = decimals) {
	const n = toNumber(rub);
	return n === null ? MISSING : `${formatNumber(n / 1e6, decimals, minDecimals)}${NBSP}млн${NBSP}₽`;
}

/** `14 291` — a count, rounded to an integer. */
export function formatInt(v) {
	const n = toNumber(v);
	return n === null ? MISSING : numberFormat(fixed(0)).format(Math.round(n));
}

/** `2024` — a year, no separators. */
export function formatYear(v) {
	const n = toNumber(v);
	if (n !== null) return String(Math.trunc(n));
	return isMissing(v) ? MISSING : String(v);
}

/** `25.11.2026` — a date (Date, ISO string or epoch ms). */
export function formatDate(v) {
	if (isMissing(v)) return MISSING;
	const d = v instanceof Date ? v : new Date(v);
	if (Number.isNaN(d.getTime())) return String(v);
	return new Intl.DateTimeFormat(LOCALE, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function formatText(v) {
	if (isMissing(v)) return MISSING;
	if (v instanceof Date) return formatDate(v);
	return String(v);
}

/**
 * Format names. `num0`…`num4`, `pct0`…`pct3`, `rub0`…`rub2` (`rub` = `rub0`), `trub0`…`trub3`
 * (`trub` = `trub1`), `mrub0`…`mrub3` (`mrub` = `mrub1`); `int`, `year`, `date`, `text`.
 * `trub*` and `mrub*` take rubles and divide.
 */
const FAMILY = {
	num: [formatNumber, 0],
	pct: [formatPercent, 1],
	rub: [formatRub, 0],
	trub: [formatThousandRub, 1],
	mrub: [formatMillionRub, 1]
};
const NAMED = { int: formatInt, year: formatYear, date: formatDate, text: formatText };
export const FORMAT_NAMES = ['num0', 'num1', 'num2', 'pct1', 'rub', 'trub1', 'mrub1', 'int', 'year', 'date', 'text'];

/** Parses a format name into { family, decimals } (or { family: 'int' | 'year' | 'date' | 'text' }). */
export function parseFormat(fmt) {
	if (!fmt) return { family: 'auto' };
	if (NAMED[fmt]) return { family: fmt };
	const m = /^(num|pct|rub|trub|mrub)(\d)?$/.exec(fmt);
	if (!m) return { family: 'unknown' };
	return { family: m[1], decimals: m[2] === undefined ? FAMILY[m[1]][1] : Number(m[2]) };
}

/**
 * Formats `value` by format name. Unknown or missing `fmt`: numbers get `num` with up to 2 decimals,
 * everything else is text. `opts.trim` drops trailing zero decimals (`378 тыс. ₽` instead of `378,0 тыс. ₽`).
 */
export function format(value, fmt, opts = {}) {
	if (isMissing(value)) return MISSING;
	const p = parseFormat(fmt);
	if (NAMED[p.family]) return NAMED[p.family](value);
	if (FAMILY[p.family]) {
		const [fn] = FAMILY[p.family];
		return fn(value, p.decimals, opts.trim ? 0 : p.decimals);
	}
	const n = typeof value === 'number' || typeof value === 'bigint' ? toNumber(value) : null;
	if (n !== null) return formatNumber(n, 2, 0);
	return formatText(value);
}

/**
 * A range `a – b` in one unit: `0 – 5 000 тыс. ₽`, `20 – 40 %` (the shared unit is written once).
 */
export function formatRange(a, b, fmt, opts = { trim: true }) {
	const fa = format(a, fmt, opts);
	const fb = format(b, fmt, opts);
	const tail = /[^\d\s\u00a0\u202f,.−-][^\d]*$/.exec(fb)?.[0]; // the unit after the last digit
	if (tail && fa.endsWith(tail)) return `${fa.slice(0, -tail.length).trimEnd()}\u2009–\u2009${fb}`;
	return `${fa}\u2009–\u2009${fb}`;
}

/** A formatter function for a format name: `const f = formatter('pct1'); f(0.5)`. */
export const formatter = (fmt, opts) => (v) => format(v, fmt, opts);

/** True when a format is numeric (right-aligned, summable). */
export const isNumericFormat = (fmt) => ['num', 'pct', 'rub', 'trub', 'mrub', 'int'].includes(parseFormat(fmt).family);

/**
 * The number as a spreadsheet should store it for a format: shares stay shares, `trub*`/`mrub*`
 * are divided into the unit shown on the page. Returns null for missing or non-numeric values.
 */
export function exportNumber(value, fmt) {
	const n = toNumber(value);
	if (n === null) return null;
	const { family } = parseFormat(fmt);
	if (family === 'trub') return n / 1e3;
	if (family === 'mrub') return n / 1e6;
	return n;
}

/** The unit a column's exported numbers are in, for a CSV header: `%`, `тыс. ₽`, `млн ₽`, `₽` or ''. */
export function exportUnit(fmt) {
	return { pct: '%', trub: 'тыс. ₽', mrub: 'млн ₽', rub: '₽' }[parseFormat(fmt).family] ?? '';
}

/** A plain number with a comma decimal mark and no thousands separators, for a Russian CSV: `1391000,5`. */
export function csvNumber(n) {
	if (n === null || n === undefined || !Number.isFinite(n)) return '';
	// up to 10 significant decimals, no exponent, no float noise like 0.30000000000000004
	const s = Math.abs(n) < 1e21 ? String(Number(n.toPrecision(15))) : String(n);
	return (/e/i.test(s) ? n.toFixed(10).replace(/\.?0+$/, '') : s).replace('.', ',');
}

// ---------------------------------------------------------------------------------------------
// Numbers with nouns: «1 организация», «2 организации», «5 организаций», «1,5 организации».
// The same rules and the same units are in SQL (models/macros/plural.sql: nok_plural, nok_unit);
// tests/unit/fmt-plural.test.ts checks that the two agree.

/**
 * Which of the three Russian forms a number takes: 'one' (1, 21, 101: «организация»), 'few' (2–4,
 * 22–24: «организации»; also every fractional number: «1,5 организации») or 'many' (0, 5–20, 11–14,
 * 25…: «организаций»). `n` may be a number, a bigint or the number as shown («1 805», «1,5», «47,3 %»):
 * pass the shown text when the value is rounded for display (20,96 shown as «21» takes «21 организация»).
 * The sign does not matter; a missing value takes 'many'.
 */
export function pluralForm(n) {
	let whole;
	if (typeof n === 'string') {
		const s = n.replace(/[\s\u00a0\u202f\u2009]/g, '').replace(/^[^\d−-]*/, '');
		const m = /^[−-]?(\d+)(?:[.,](\d+))?/.exec(s);
		if (!m) return 'many';
		if (m[2] !== undefined) return 'few';
		whole = BigInt(m[1]);
	} else if (typeof n === 'bigint') {
		whole = n < 0n ? -n : n;
	} else {
		const v = toNumber(n);
		if (v === null) return 'many';
		if (!Number.isInteger(v)) return 'few';
		whole = BigInt(Math.abs(v));
	}
	const d10 = Number(whole % 10n);
	const d100 = Number(whole % 100n);
	if (d10 === 1 && d100 !== 11) return 'one';
	if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14)) return 'few';
	return 'many';
}

/** The noun's form for `n`: plural(21, 'организация', 'организации', 'организаций') → 'организация'. */
export function plural(n, one, few, many) {
	const f = pluralForm(n);
	return f === 'one' ? one : f === 'few' ? few : many;
}

/** Forms given as ['организация', 'организации', 'организаций'] or 'организация|организации|организаций'. */
function formsOf(forms) {
	const f = typeof forms === 'string' ? forms.split('|') : Array.from(forms ?? []);
	if (f.length === 1) return [f[0], f[0], f[0]];
	if (f.length !== 3) throw new Error(`plural: нужны три формы (1, 2, 5), получено: ${JSON.stringify(forms)}`);
	return f;
}

/**
 * A number with its noun in the right form: formatCount(1805, ['организация', 'организации', 'организаций'])
 * → «1 805 организаций», formatCount(1.5, …) → «1,5 организации» (a no-break space before the noun).
 * `fmt` is a format name (default: the number as it is, up to 2 decimals); the form follows the
 * number as shown. A missing value is «— организаций».
 */
export function formatCount(n, forms, fmt = undefined) {
	const [one, few, many] = formsOf(forms);
	const shown = format(n, fmt, { trim: fmt !== undefined });
	return `${shown}${NBSP}${shown === MISSING ? many : plural(shown, one, few, many)}`;
}

/**
 * Units the data store as they stand after a number in the text (genitive plural: «организаций»,
 * «этапов»), with their three forms. Abbreviations («руб.», «чел.», «экз.», «%») do not change and
 * are not listed; nor are units after «тыс.»/«млн» («1,4 тыс. организаций» — always genitive plural).
 */
export const UNIT_FORMS = Object.freeze({
	'организаций': ['организация', 'организации', 'организаций'],
	'субъектов': ['субъект', 'субъекта', 'субъектов'],
	'регионов': ['регион', 'региона', 'регионов'],
	'практик': ['практика', 'практики', 'практик'],
	'этапов': ['этап', 'этапа', 'этапов'],
	'дней': ['день', 'дня', 'дней'],
	'отзывов': ['отзыв', 'отзыва', 'отзывов'],
	'мероприятий': ['мероприятие', 'мероприятия', 'мероприятий'],
	'поставщиков': ['поставщик', 'поставщика', 'поставщиков'],
	'баллов': ['балл', 'балла', 'баллов'],
	'анкет': ['анкета', 'анкеты', 'анкет'],
	'человек': ['человек', 'человека', 'человек'],
	'органов власти': ['орган власти', 'органа власти', 'органов власти'],
	'муниципальных образований': ['муниципальное образование', 'муниципальных образования', 'муниципальных образований'],
	'раз': ['раз', 'раза', 'раз'],
	'раз в год': ['раз в год', 'раза в год', 'раз в год'],
	'раз в месяц': ['раз в месяц', 'раза в месяц', 'раз в месяц'],
	'раз в неделю': ['раз в неделю', 'раза в неделю', 'раз в неделю'],
	'раз в квартал': ['раз в квартал', 'раза в квартал', 'раз в квартал']
});

/** The three forms of a stored unit (an unknown unit or an abbreviation: the unit three times; none: null). */
export function unitForms(unit) {
	if (isMissing(unit)) return null;
	const u = String(unit).trim();
	return UNIT_FORMS[u] ?? [u, u, u];
}

/** A stored unit in the form that agrees with `n` (or its shown text): unitFor(2, 'этапов') → «этапа». */
export function unitFor(n, unit) {
	const f = unitForms(unit);
	return f ? plural(n, ...f) : '';
}

/**
 * A number with a stored unit in the agreeing form: withUnit(21, 'организаций') → «21 организация»,
 * withUnit('1,6', 'раз') → «1,6 раза». `n` is a number (formatted by `fmt`) or the number as shown.
 */
export function withUnit(n, unit, fmt = undefined) {
	const shown = typeof n === 'string' ? n : format(n, fmt);
	const u = shown === MISSING ? '' : unitFor(shown, unit);
	return u ? `${shown}${NBSP}${u}` : shown;
}
