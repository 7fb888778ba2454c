// Table export for Russian spreadsheets: CSV (UTF-8 with BOM, `;`, comma decimals) and XLSX.
import { csvNumber, exportNumber, exportUnit, formatText, isMissing, isNumericFormat, parseFormat, toNumber } from '@nok-atlas/common/fmt.js';
import { makeXlsx, numFmtCode, XLSX_MIME } from './xlsx.js';

/** Text that a spreadsheet would run as a formula gets a leading apostrophe. */
const defuse = (s) => (/^[=+@\t\r]/.test(s) ? `'${s}` : s);

function csvField(s) {
	return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A column title with the unit the CSV numbers are in, unless the title already says it. */
function csvTitle(col) {
	const unit = exportUnit(col.fmt);
	if (!unit || col.title.includes(unit)) return col.title;
	return `${col.title}, ${unit}`;
}

function csvCell(v, fmt) {
	if (isMissing(v)) return '';
	if (isNumericFormat(fmt)) {
		const n = exportNumber(v, fmt);
		if (n === null) return csvField(defuse(String(v)));
		return csvNumber(parseFormat(fmt).family === 'pct' ? n * 100 : n);
	}
	if (parseFormat(fmt).family === 'year') return String(v);
	return csvField(defuse(formatText(v)));
}

/**
 * CSV text (with BOM) for rows and columns [{ id, title, fmt }]; `footer` is an optional array of raw values.
 * Shares are written as percents (47,3), `trub`/`mrub` in thousands/millions, as on the page but unrounded.
 */
export function toCsv(rows, columns, footer) {
	const lines = [columns.map((c) => csvField(csvTitle(c))).join(';')];
	for (const r of rows) lines.push(columns.map((c) => csvCell(r[c.id], c.fmt)).join(';'));
	if (footer) lines.push(columns.map((c, i) => csvCell(footer[i], i === 0 ? 'text' : c.fmt)).join(';'));
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}

function xlsxCell(v, fmt) {
	if (isMissing(v)) return null;
	if (isNumericFormat(fmt) || parseFormat(fmt).family === 'year') {
		const n = exportNumber(v, fmt);
		return n === null ? formatText(v) : n;
	}
	if (typeof v === 'boolean') return v;
	const n = typeof v === 'number' || typeof v === 'bigint' ? toNumber(v) : null;
	return n ?? defuse(formatText(v));
}

/** XLSX bytes; numbers keep full precision, the number format shows them as on the page. */
export function toXlsx(rows, columns, footer, sheetName, about) {
	const width = (c) => Math.max(c.title.length, ...rows.slice(0, 200).map((r) => formatText(r[c.id]).length)) + 2;
	return makeXlsx({
		sheetName,
		columns: columns.map((c) => ({ title: c.title, numFmt: numFmtCode(c.fmt), width: width(c) })),
		rows: rows.map((r) => columns.map((c) => xlsxCell(r[c.id], c.fmt))),
		footer: footer && footer.map((v, i) => xlsxCell(v, i === 0 ? 'text' : columns[i].fmt)),
		about
	});
}

/** Starts a browser download of `content` (string or bytes). */
export function download(content, filename, mime) {
	const blob = new Blob([content], { type: mime });
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const CSV_MIME = 'text/csv;charset=utf-8';
export { XLSX_MIME };
