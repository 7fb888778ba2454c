// Small scale helpers for the SVG charts and the tile map (no d3).

import { format, formatRange, plural } from '@nok-atlas/common/fmt.js';

/** A "nice" step near `span / count`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(span, count) {
	if (!(span > 0) || !(count > 0)) return 1;
	const raw = span / count;
	const pow = Math.pow(10, Math.floor(Math.log10(raw)));
	const f = raw / pow;
	const m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
	return m * pow;
}

/** Round away float noise (0.30000000000000004 → 0.3). */
const clean = (x) => Number(x.toPrecision(12));

/** Nice ticks covering [min, max] with about `count` intervals. */
export function niceTicks(min, max, count = 5) {
	if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
	if (min === max) {
		const d = Math.abs(min) || 1;
		min -= d / 2;
		max += d / 2;
	}
	const step = niceStep(max - min, count);
	const lo = Math.floor(clean(min / step)) * step;
	const hi = Math.ceil(clean(max / step)) * step;
	const ticks = [];
	for (let v = lo; v <= hi + step / 2; v += step) ticks.push(clean(v));
	return ticks;
}

/** Linear scale [d0, d1] → [r0, r1]. */
export function linear(d0, d1, r0, r1) {
	const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
	return (v) => r0 + (v - d0) * k;
}

/** Domain of numbers for a chart axis that always includes 0 (bars) or not (lines). */
export function extent(values, includeZero = false) {
	let lo = Infinity;
	let hi = -Infinity;
	for (const v of values) {
		if (v === null || v === undefined || !Number.isFinite(v)) continue;
		if (v < lo) lo = v;
		if (v > hi) hi = v;
	}
	if (lo === Infinity) return [0, 1];
	if (includeZero) {
		lo = Math.min(lo, 0);
		hi = Math.max(hi, 0);
	}
	return [lo, hi];
}

// Colour-blind-safe palettes.
// Sequential: ColorBrewer YlGnBu (light = low, dark = high), by number of bins.
const YLGNBU = {
	3: ['#edf8b1', '#7fcdbb', '#2c7fb8'],
	4: ['#ffffcc', '#a1dab4', '#41b6c4', '#225ea8'],
	5: ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'],
	6: ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#2c7fb8', '#253494'],
	7: ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'],
	8: ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84']
};
// Diverging: ColorBrewer RdBu reversed so that negative = red, positive = blue; even counts.
const RDBU = {
	4: ['#ca0020', '#f4a582', '#92c5de', '#0571b0'],
	6: ['#b2182b', '#ef8a62', '#fddbc7', '#d1e5f0', '#67a9cf', '#2166ac'],
	8: ['#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac']
};
/** Okabe–Ito qualitative palette (colour-blind safe), for series. */
// (yellow #F0E442 is replaced by olive #999933: yellow lines are unreadable on white)
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#999933'];
export const MISSING_COLOR = '#d9d9d9';

/** Fill colours for `n` bins. */
export function palette(n, kind = 'sequential') {
	if (kind === 'diverging') {
		const even = Math.max(4, Math.min(8, n + (n % 2)));
		return RDBU[even];
	}
	return YLGNBU[Math.max(3, Math.min(8, n))];
}

/** Black or white text for a background colour `#rrggbb`. */
export function textColorOn(hex) {
	const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? '');
	if (!m) return '#111';
	const [r, g, b] = m.slice(1).map((x) => parseInt(x, 16) / 255);
	const lin = (c) => (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
	const L = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
	return L > 0.35 ? '#111' : '#fff';
}

/** Colours for `n` bins (also 1 or 2: the ends of the smallest palette). */
function binColors(n, kind) {
	if (n <= 0) return [];
	if (kind === 'diverging') {
		const colors = palette(n, kind);
		if (colors.length === n) return colors;
		// n is even here (symmetric); pick from the middle outwards
		const mid = colors.length / 2;
		return colors.slice(Math.max(0, mid - Math.ceil(n / 2)), mid + Math.ceil(n / 2)).slice(0, n);
	}
	const p = palette(n, kind);
	if (n === 1) return [p[1]];
	if (n === 2) return [p[0], p[2]];
	return p;
}

/** Integer "nice" steps: 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500 … */
function integerStepAtLeast(x) {
	if (!(x > 1)) return 1;
	const pow = Math.pow(10, Math.floor(Math.log10(x)));
	for (const m of [1, 2, 2.5, 5, 10]) {
		const s = m * pow;
		if (Number.isInteger(s) && s >= x - 1e-9) return s;
	}
	return 10 * pow;
}

/**
 * Bins of integer data (counts): integer bounds, and for each bin the inclusive range of integers it
 * holds (`ranges`, e.g. [[2, 2], [3, 4], [5, 9]] — a legend reads «2», «3–4», «5–9»). Bins never
 * overlap and never hold no integer; the outer ranges are clipped to the data's min and max.
 * A bin i holds the integers from bounds[i] to bounds[i + 1] − 1; the last one also bounds[n] (as
 * binIndex closes it on the right).
 */
function integerBins(min, max, count, kind) {
	const want = Math.max(3, Math.min(7, count));
	let step;
	let lo;
	let hi;
	if (kind === 'diverging') {
		const m = Math.max(Math.abs(min), Math.abs(max), 1);
		// symmetric around 0: [−k·step, …, 0, …, k·step] with at most 4 bins a side
		step = integerStepAtLeast(m / Math.max(2, Math.min(4, Math.round(count / 2))));
		while (Math.ceil((m + 1) / step) > 4) step = integerStepAtLeast(step + 1);
		const k = Math.max(1, Math.ceil((m + 1) / step));
		lo = -k * step;
		hi = k * step;
	} else if (max - min + 1 <= want) {
		// few distinct values: one bin per integer
		step = 1;
		lo = min;
		hi = max + 1;
	} else {
		// among integer nice steps, the one whose number of bins is nearest to `want` (3–7)
		let best = null;
		for (let s = integerStepAtLeast((max - min + 1) / 12); ; s = integerStepAtLeast(s + 1)) {
			const l = Math.floor(min / s) * s;
			// the last bin is closed on the right (as in binIndex): a max on a bound stays in it
			const h = Math.max(Math.ceil(max / s) * s, l + s);
			const n = Math.round((h - l) / s);
			if ((n <= 7 && (!best || Math.abs(n - want) < Math.abs(best.n - want))) || (n < 3 && !best)) best = { s, l, h, n };
			if (n < 3) break;
		}
		({ s: step, l: lo, h: hi } = best);
	}
	const bounds = [];
	for (let b = lo; b <= hi; b += step) bounds.push(b);
	const last = bounds.length - 2;
	// sequential ranges are clipped to the data; diverging ones are not (a side without data keeps
	// its bins, so the scale stays symmetric around 0)
	const ranges = bounds.slice(0, -1).map((b, i) => {
		const top = i === last ? bounds[i + 1] : bounds[i + 1] - 1;
		return kind === 'diverging' ? [b, bounds[i + 1] - 1] : [Math.max(b, min), Math.min(top, max)];
	});
	return { bounds, colors: binColors(ranges.length, kind), ranges };
}

/**
 * Bins for a choropleth: returns { bounds: [b0, b1, …, bn], colors: [c1 … cn] }, and for integer data
 * also `ranges` (inclusive integer ranges per bin, see integerBins).
 * sequential: nice equal-width bins over [min, max] (about `count`, kept within 3–7);
 * diverging: symmetric nice bins around 0.
 * Integer data (every value an integer) get integer bounds: never «2–2» or «1,5–2» for counts.
 */
export function bins(values, count = 5, kind = 'sequential') {
	const nums = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v));
	if (!nums.length) return { bounds: [], colors: [] };
	let [min, max] = extent(nums);
	if (nums.every((v) => Number.isInteger(v))) return integerBins(min, max, count, kind);
	let bounds;
	if (kind === 'diverging') {
		const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
		let half = Math.max(2, Math.min(4, Math.round(count / 2)));
		let step = niceStep(m, half);
		let k = Math.ceil(clean(m / step));
		while (k > 4 && half > 1) {
			step = niceStep(m, --half);
			k = Math.ceil(clean(m / step));
		}
		bounds = [];
		for (let i = -k; i <= k; i++) bounds.push(clean(i * step));
	} else {
		// among nice tick sets, the one whose number of bins is nearest to `count` (3–7)
		const want = Math.max(3, Math.min(7, count));
		for (let c = 2; c <= 12; c++) {
			const t = niceTicks(min, max, c);
			const n = t.length - 1;
			if (n < 3 || n > 7) continue;
			if (!bounds || Math.abs(n - want) < Math.abs(bounds.length - 1 - want)) bounds = t;
		}
		bounds ??= niceTicks(min, max, want);
	}
	return { bounds, colors: binColors(bounds.length - 1, kind) };
}

/**
 * The legend's label of each bin of `bins()`: integer data «2», «3–4», «5–9» (inclusive ranges);
 * otherwise the bounds «0 – 5 000 ₽», in the format `fmt`.
 */
export function binLabels(scale, fmt) {
	return (scale.colors ?? []).map((_, i) => {
		const r = scale.ranges?.[i];
		if (!r) return formatRange(scale.bounds[i], scale.bounds[i + 1], fmt);
		return r[0] === r[1] ? format(r[0], fmt, { trim: true }) : formatRange(r[0], r[1], fmt);
	});
}

/** Index of the bin holding `v` (last bin is closed on the right). */
export function binIndex(v, bounds) {
	if (v === null || v === undefined || !Number.isFinite(v) || bounds.length < 2) return -1;
	for (let i = 1; i < bounds.length - 1; i++) if (v < bounds[i]) return i - 1;
	return bounds.length - 2;
}

/**
 * What TileMap and GeoMap share: the colour bins of the regions' values, their legend labels, the
 * fill of a value, the text of a value («нет данных» when missing) and the sentence a screen reader
 * reads for the whole map («Итоговый балл: 85 регионов, наименьшее значение 61,2 (Тыва), …»).
 * `items` carry the value as `v` (null when missing); `name(item)` gives the region's name.
 */
export function regionColouring(items, { name, bins: count = 5, colorScale = 'sequential', fmt = 'num1', missingLabel = 'нет данных', title } = {}) {
	const scale = bins(items.map((t) => t.v), count, colorScale === 'diverging' ? 'diverging' : 'sequential');
	const valued = items.filter((t) => t.v !== null);
	const hasMissing = valued.length < items.length;
	const minT = valued.length ? valued.reduce((a, b) => (b.v < a.v ? b : a)) : null;
	const maxT = valued.length ? valued.reduce((a, b) => (b.v > a.v ? b : a)) : null;
	const ariaLabel = [
		`${title ?? 'Карта регионов'}: ${items.length} ${plural(items.length, 'регион', 'региона', 'регионов')}`,
		minT && `наименьшее значение ${format(minT.v, fmt)} (${name(minT)})`,
		maxT && `наибольшее ${format(maxT.v, fmt)} (${name(maxT)})`,
		hasMissing && `${items.length - valued.length} без данных`
	]
		.filter(Boolean)
		.join(', ');
	return {
		scale,
		// integer data: inclusive ranges of integers («2», «3–4», «5–9»); otherwise bounds «0 – 5 000 ₽»
		labels: binLabels(scale, fmt),
		hasMissing,
		ariaLabel,
		fill: (v) => (v === null ? MISSING_COLOR : scale.colors[binIndex(v, scale.bounds)] ?? MISSING_COLOR),
		valueText: (v) => (v === null ? missingLabel : format(v, fmt))
	};
}
