// Chart and map images: the SVG a chart component draws, saved as SVG or PNG with its title, the
// source line and the date drawn in, so that a picture pasted into a note still says what it shows
// and where it comes from. One helper for every chart and map (ChartImage.svelte calls it).
//
// The page's stylesheets do not travel with a file, so the look that comes from CSS classes (fills,
// strokes, fonts) is copied onto each element as presentation attributes first.

import { download } from './export.js';

export const SOURCE_LINE = 'Источник: НОК-Атлас (независимая оценка качества условий оказания услуг)';

const STYLE_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-size', 'font-weight', 'font-family', 'paint-order', 'text-anchor', 'dominant-baseline'];

/** «05.12.2026» */
export function dateRu(d = new Date()) {
	return new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(d);
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A file name from a title: letters, digits and «_». */
export function imageName(title) {
	const base = String(title ?? '').toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '').slice(0, 60);
	return base || 'диаграмма';
}

/** Lines of at most `max` characters, broken at spaces. */
export function wrap(text, max) {
	const lines = [];
	let line = '';
	for (const w of String(text ?? '').split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + w.length > max) {
			lines.push(line);
			line = w;
		} else line = line ? `${line} ${w}` : w;
	}
	if (line) lines.push(line);
	return lines;
}

/**
 * The standalone SVG document: a title above the drawing, the source line and the date below.
 * `inner` is the serialized chart <svg> (with its own viewBox), drawn `width` wide.
 */
export function frame(inner, { title, source = SOURCE_LINE, date = dateRu(), width = 800, height = 400, note, keys = [] } = {}) {
	const font = "font-family=\"'PT Sans','Liberation Sans','DejaVu Sans',Arial,sans-serif\"";
	const titleLines = wrap(title, 80);
	const top = 16 + titleLines.length * 22;
	const foot = [note, source, `Дата: ${date}`].filter(Boolean);
	// the legend: keys in rows under the drawing (a colour square and its label)
	const placed = [];
	let kx = 16;
	let ky = top + height + 18;
	for (const k of keys) {
		const w = 18 + String(k.label).length * 6.4 + 14;
		if (kx + w > width + 16 && kx > 16) {
			kx = 16;
			ky += 18;
		}
		placed.push({ ...k, x: kx, y: ky });
		kx += w;
	}
	const legendH = keys.length ? ky - (top + height) + 8 : 0;
	const H = Math.ceil(top + height + legendH + 12 + foot.length * 16 + 8);
	const W = Math.ceil(width + 32);
	const body = inner.replace(/^<svg\b/, `<svg x="16" y="${top}" width="${width}" height="${height}"`);
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ${font}>`,
		`<rect width="100%" height="100%" fill="#ffffff"/>`,
		...titleLines.map((l, i) => `<text x="16" y="${30 + i * 22}" font-size="17" font-weight="700" fill="#111827">${esc(l)}</text>`),
		body,
		...placed.map(
			(k) =>
				`<rect x="${k.x}" y="${k.y - 10}" width="12" height="12" rx="2" fill="${esc(k.color ?? '#d9d9d9')}"${k.missing ? ' stroke="#999999" stroke-dasharray="2 2"' : ''}${k.band ? ' fill-opacity="0.25"' : ''}/>` +
				`<text x="${k.x + 17}" y="${k.y}" font-size="11" fill="#333333">${esc(k.label)}</text>`
		),
		...foot.map((l, i) => `<text x="16" y="${top + height + legendH + 22 + i * 16}" font-size="11" fill="#374151">${esc(l)}</text>`),
		`</svg>`
	].join('\n');
}

/** Copies the computed look of every element of `from` onto the same element of `to` (a clone). */
function inlineStyles(from, to) {
	const a = [from, ...from.querySelectorAll('*')];
	const b = [to, ...to.querySelectorAll('*')];
	for (let i = 0; i < a.length && i < b.length; i++) {
		const cs = getComputedStyle(a[i]);
		for (const p of STYLE_PROPS) {
			const v = cs.getPropertyValue(p);
			if (v && v !== 'normal' && !(p === 'stroke-dasharray' && v === 'none')) b[i].setAttribute(p, v);
		}
		b[i].removeAttribute('class');
		if (cs.display === 'none' || cs.visibility === 'hidden') b[i].setAttribute('display', 'none');
	}
}

/** The chart's <svg> element as a standalone SVG string with title, source and date. */
export function chartSvg(svgEl, opts = {}) {
	const clone = svgEl.cloneNode(true);
	inlineStyles(svgEl, clone);
	clone.removeAttribute('style');
	clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	for (const t of clone.querySelectorAll('title')) t.remove();
	const box = svgEl.viewBox?.baseVal;
	const r = svgEl.getBoundingClientRect();
	const width = 800;
	const height = box && box.width ? (width * box.height) / box.width : r.height * (width / Math.max(1, r.width));
	return frame(new XMLSerializer().serializeToString(clone), { ...opts, width, height });
}

/** Saves the chart as an SVG file. */
export function saveSvg(svgEl, opts) {
	download(chartSvg(svgEl, opts), `${imageName(opts?.title)}.svg`, 'image/svg+xml;charset=utf-8');
}

/** Saves the chart as a PNG (twice the SVG's size, for print). */
export async function savePng(svgEl, opts) {
	const svg = chartSvg(svgEl, opts);
	const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
	try {
		const img = new Image();
		await new Promise((ok, fail) => {
			img.onload = ok;
			img.onerror = () => fail(new Error('SVG не отрисовался'));
			img.src = url;
		});
		const scale = 2;
		const canvas = document.createElement('canvas');
		canvas.width = img.width * scale;
		canvas.height = img.height * scale;
		const ctx = canvas.getContext('2d');
		ctx.scale(scale, scale);
		ctx.drawImage(img, 0, 0);
		const blob = await new Promise((ok) => canvas.toBlob(ok, 'image/png'));
		download(blob, `${imageName(opts?.title)}.png`, 'image/png');
	} finally {
		URL.revokeObjectURL(url);
	}
}
