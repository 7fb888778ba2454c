/**
 * Крошечный разборщик CSV (RFC 4180) для справочников в sources/regions.
 * Разделитель — запятая; поля в двойных кавычках могут содержать запятые,
 * переводы строк и удвоенные кавычки (""). BOM в начале файла отбрасывается.
 * Пустые строки пропускаются.
 */
import { plural } from '@nok-atlas/common/fmt.js';

export function parseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let quotedField = false;

  const endField = (): void => {
    row.push(field);
    field = '';
    quotedField = false;
  };
  const endRow = (): void => {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };

  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field !== '' || quotedField) {
        throw new Error(`CSV: кавычка внутри неэкранированного поля (строка ${rows.length + 1})`);
      }
      inQuotes = true;
      quotedField = true;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\n') {
      endRow();
    } else if (ch === '\r') {
      if (src[i + 1] !== '\n') endRow();
    } else {
      field += ch;
    }
  }
  if (inQuotes) throw new Error('CSV: незакрытая кавычка в конце файла');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Разбирает CSV с заголовком в массив объектов; проверяет число полей в каждой строке. */
export function parseCsvObjects(text: string, what = 'CSV'): { header: string[]; rows: Record<string, string>[] } {
  const all = parseCsv(text);
  const header = all[0];
  if (!header) throw new Error(`${what}: файл пуст`);
  const rows = all.slice(1).map((cells, i) => {
    if (cells.length !== header.length) {
      throw new Error(`${what}: строка ${i + 2} содержит ${cells.length} ${plural(cells.length, 'поле', 'поля', 'полей')}, ожидалось ${header.length}`);
    }
    const obj: Record<string, string> = {};
    header.forEach((h, j) => {
      obj[h] = cells[j]!;
    });
    return obj;
  });
  return { header, rows };
}
