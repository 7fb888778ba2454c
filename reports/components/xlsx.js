// A small self-contained XLSX writer: one sheet, numbers as numeric cells, text as inline strings.
// The file is a ZIP of "stored" (uncompressed) entries with CRC-32, holding the minimal
// SpreadsheetML parts. No library, no network; runs in the browser and in Node.

const enc = new TextEncoder();

// ---- CRC-32 (IEEE 802.3), table-driven
const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();
export function crc32(bytes) {
	let c = 0xffffffff;
	for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

// ---- ZIP with stored entries
/** @param {{ name: string, data: string | Uint8Array }[]} files @returns {Uint8Array} */
export function zipStored(files, date = new Date()) {
	const dosTime = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1);
	const dosDate = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
	const locals = [];
	const centrals = [];
	let offset = 0;
	for (const f of files) {
		const name = enc.encode(f.name);
		const data = typeof f.data === 'string' ? enc.encode(f.data) : f.data;
		const crc = crc32(data);
		const local = new Uint8Array(30 + name.length);
		const lv = new DataView(local.buffer);
		lv.setUint32(0, 0x04034b50, true); // local file header
		lv.setUint16(4, 20, true); // version needed
		lv.setUint16(6, 0x0800, true); // UTF-8 names
		lv.setUint16(8, 0, true); // stored
		lv.setUint16(10, dosTime, true);
		lv.setUint16(12, dosDate, true);
		lv.setUint32(14, crc, true);
		lv.setUint32(18, data.length, true);
		lv.setUint32(22, data.length, true);
		lv.setUint16(26, name.length, true);
		lv.setUint16(28, 0, true);
		local.set(name, 30);

		const central = new Uint8Array(46 + name.length);
		const cv = new DataView(central.buffer);
		cv.setUint32(0, 0x02014b50, true); // central directory header
		cv.setUint16(4, 20, true); // version made by
		cv.setUint16(6, 20, true); // version needed
		cv.setUint16(8, 0x0800, true);
		cv.setUint16(10, 0, true);
		cv.setUint16(12, dosTime, true);
		cv.setUint16(14, dosDate, true);
		cv.setUint32(16, crc, true);
		cv.setUint32(20, data.length, true);
		cv.setUint32(24, data.length, true);
		cv.setUint16(28, name.length, true);
		cv.setUint32(42, offset, true); // offset of local header
		central.set(name, 46);

		locals.push(local, data);
		centrals.push(central);
		offset += local.length + data.length;
	}
	const cdSize = centrals.reduce((s, c) => s + c.length, 0);
	const end = new Uint8Array(22);
	const ev = new DataView(end.buffer);
	ev.setUint32(0, 0x06054b50, true); // end of central directory
	ev.setUint16(8, files.length, true);
	ev.setUint16(10, files.length, true);
	ev.setUint32(12, cdSize, true);
	ev.setUint32(16, offset, true);
	const out = new Uint8Array(offset + cdSize + end.length);
	let p = 0;
	for (const part of [...locals, ...centrals, end]) {
		out.set(part, p);
		p += part.length;
	}
	return out;
}

// ---- SpreadsheetML
export function xmlEscape(s) {
	return String(s)
		.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '') // chars XML forbids
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** 0 → A, 25 → Z, 26 → AA */
export function colName(i) {
	let s = '';
	for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
	return s;
}

/** Excel number format codes for the format names of fmt.js (values as exportNumber gives them). */
export function numFmtCode(fmt) {
	const m = /^(num|pct|rub|trub|mrub)(\d)?$/.exec(fmt ?? '');
	const dec = (d) => (d > 0 ? '.' + '0'.repeat(d) : '');
	if (fmt === 'int') return '#,##0';
	if (fmt === 'year') return '0';
	if (!m) return null;
	const d = m[2] === undefined ? { num: 0, pct: 1, rub: 0, trub: 1, mrub: 1 }[m[1]] : Number(m[2]);
	return {
		num: `#,##0${dec(d)}`,
		pct: `0${dec(d)}%`,
		rub: `#,##0${dec(d)}\\ "₽"`,
		trub: `#,##0${dec(d)}\\ "тыс. ₽"`,
		mrub: `#,##0${dec(d)}\\ "млн ₽"`
	}[m[1]];
}

const HEADER = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * Builds an .xlsx file.
 * @param {{ sheetName?: string,
 *           columns: { title: string, numFmt?: string | null, width?: number }[],
 *           rows: (string | number | boolean | null | undefined)[][],
 *           footer?: (string | number | null)[] }} spec
 *   numFmt: an Excel format code (e.g. '#,##0.0') for the column's numeric cells; footer: a bold last row.
 * @returns {Uint8Array}
 */
export function makeXlsx({ sheetName = 'Данные', columns, rows, footer, about }) {
	// styles: 0 default, 1 bold header, 2 bold text (footer); then per column: normal + bold numeric
	const codes = [];
	const colStyle = columns.map((c) => {
		if (!c.numFmt) return { normal: 0, bold: 2 };
		let id = codes.indexOf(c.numFmt);
		if (id < 0) id = codes.push(c.numFmt) - 1;
		return { fmtId: 164 + id };
	});
	const xfs = [
		'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
		'<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"><alignment wrapText="1" vertical="top"/></xf>',
		'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
	];
	for (const s of colStyle) {
		if (s.fmtId === undefined) continue;
		s.normal = xfs.push(`<xf numFmtId="${s.fmtId}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`) - 1;
		s.bold = xfs.push(`<xf numFmtId="${s.fmtId}" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>`) - 1;
	}
	const styles =
		HEADER +
		`<styleSheet xmlns="${NS}">` +
		(codes.length
			? `<numFmts count="${codes.length}">${codes.map((c, i) => `<numFmt numFmtId="${164 + i}" formatCode="${xmlEscape(c)}"/>`).join('')}</numFmts>`
			: '') +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
		`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
		`<fill><patternFill patternType="solid"><fgColor rgb="FFEFF1F4"/><bgColor indexed="64"/></patternFill></fill></fills>` +
		`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
		`<border><left/><right/><top/><bottom style="thin"><color rgb="FF999999"/></bottom><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`</styleSheet>`;

	const cell = (v, r, c, style) => {
		const ref = colName(c) + r;
		if (v === null || v === undefined || v === '') return '';
		if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}" s="${style.num}"><v>${v}</v></c>` : '';
		if (typeof v === 'boolean') return `<c r="${ref}" t="b" s="${style.txt}"><v>${v ? 1 : 0}</v></c>`;
		const s = String(v);
		const space = /^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : '';
		return `<c r="${ref}" t="inlineStr" s="${style.txt}"><is><t${space}>${xmlEscape(s)}</t></is></c>`;
	};
	const row = (vals, r, kind) =>
		`<row r="${r}">${vals
			.map((v, c) => {
				const cs = colStyle[c] ?? { normal: 0, bold: 2 };
				const style = kind === 'header' ? { num: 1, txt: 1 } : kind === 'footer' ? { num: cs.bold, txt: 2 } : { num: cs.normal, txt: 0 };
				return cell(v, r, c, style);
			})
			.join('')}</row>`;

	const all = [row(columns.map((c) => c.title), 1, 'header')];
	rows.forEach((vals, i) => all.push(row(vals, i + 2)));
	if (footer) all.push(row(footer, rows.length + 2, 'footer'));
	const lastRef = colName(Math.max(columns.length - 1, 0)) + (rows.length + 1);
	const widths = columns
		.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(60, Math.max(8, c.width ?? 14))}" customWidth="1"/>`)
		.join('');
	const sheet =
		HEADER +
		`<worksheet xmlns="${NS}" xmlns:r="${RNS}">` +
		`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
		`<sheetFormatPr defaultRowHeight="15"/>` +
		(columns.length ? `<cols>${widths}</cols>` : '') +
		`<sheetData>${all.join('')}</sheetData>` +
		(columns.length && rows.length ? `<autoFilter ref="A1:${lastRef}"/>` : '') +
		`</worksheet>`;

	// optional second sheet «О данных»: [label, text] rows (release, date, source, filters, citation)
	const aboutSheet = about?.length
		? HEADER +
			`<worksheet xmlns="${NS}" xmlns:r="${RNS}"><cols><col min="1" max="1" width="22" customWidth="1"/><col min="2" max="2" width="100" customWidth="1"/></cols>` +
			`<sheetData>${about.map(([k, v], i) => `<row r="${i + 1}">${cell(k, i + 1, 0, { num: 2, txt: 2 })}${cell(v, i + 1, 1, { num: 0, txt: 0 })}</row>`).join('')}</sheetData></worksheet>`
		: null;

	const name = xmlEscape(String(sheetName).replace(/[\[\]:*?/\\]/g, ' ').slice(0, 31) || 'Данные');
	const workbook =
		HEADER +
		`<workbook xmlns="${NS}" xmlns:r="${RNS}"><sheets><sheet name="${name}" sheetId="1" r:id="rId1"/>` +
		(aboutSheet ? `<sheet name="О данных" sheetId="2" r:id="rId3"/>` : '') +
		`</sheets></workbook>`;
	const contentTypes =
		HEADER +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		(aboutSheet ? `<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` : '') +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`</Types>`;
	const rootRels =
		HEADER +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="${RNS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
	const wbRels =
		HEADER +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="${RNS}/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="${RNS}/styles" Target="styles.xml"/>` +
		(aboutSheet ? `<Relationship Id="rId3" Type="${RNS}/worksheet" Target="worksheets/sheet2.xml"/>` : '') +
		`</Relationships>`;

	return zipStored([
		{ name: '[Content_Types].xml', data: contentTypes },
		{ name: '_rels/.rels', data: rootRels },
		{ name: 'xl/workbook.xml', data: workbook },
		{ name: 'xl/_rels/workbook.xml.rels', data: wbRels },
		{ name: 'xl/worksheets/sheet1.xml', data: sheet },
		{ name: 'xl/styles.xml', data: styles },
		...(aboutSheet ? [{ name: 'xl/worksheets/sheet2.xml', data: aboutSheet }] : [])
	]);
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
