import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanCsv, splitCsvRecord, detectDelimiter } from '../../pipelines/ingest/csv-scan.ts';

function tmpFile(content: string | Buffer): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nok-scan-')), 'f.csv');
  fs.writeFileSync(f, content);
  return f;
}

describe('scanCsv', () => {
  it('counts records as a spreadsheet shows rows: quoted line breaks stay in one record, blank lines count', () => {
    const f = tmpFile('a;b\n1;"x\ny"\n\n2;3\n');
    const s = scanCsv(f);
    expect(s.records).toBe(4);
    expect(s.blank).toEqual([3]);
    expect(s.headerRecord).toBe(1);
    expect(s.headerText).toBe('a;b');
    expect(s.lastContent).toBe(4);
  });
  it('skips a BOM and leading blank lines before the header; handles CRLF', () => {
    const f = tmpFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\r\n\r\nГод;ИНН\r\n2023;7707083893\r\n')]));
    const s = scanCsv(f);
    expect(s.headerRecord).toBe(3);
    expect(s.headerText).toBe('Год;ИНН');
    expect(s.blank).toEqual([1, 2]);
    expect(s.records).toBe(4);
  });
  it('reports an empty file as having no header', () => {
    expect(scanCsv(tmpFile('\n\n')).headerRecord).toBe(0);
  });
});

describe('delimiters and fields', () => {
  it('detects ; , and tab from the header, ignoring delimiters inside quotes', () => {
    expect(detectDelimiter('Год;ИНН;"Субъект, РФ"')).toBe(';');
    expect(detectDelimiter('Год,ИНН,"Субъект; РФ"')).toBe(',');
    expect(detectDelimiter('Год\tИНН')).toBe('\t');
  });
  it('splits quoted fields with doubled quotes', () => {
    expect(splitCsvRecord('a;"b;c";"d ""e"""', ';')).toEqual(['a', 'b;c', 'd "e"']);
  });
});

describe('the line-at-once fast path', () => {
  // random files of what real CSVs hold: quoted fields (with ;, "" and line breaks), CRLF and LF, blank lines, stray CR,
  // NUL, unclosed quotes, too many fields, text after a closing quote, Cyrillic cut at chunk ends, bytes that are not UTF-8
  const pieces = ['1', 'Москва', '"МБУ «Школа № 5»"', '"a;b"', '"x""y"', '"два\nстроки"', '', ' ', '"x" y', '"не закрыта', 'д\rа', 'a\0b', '\xff'];
  let seed = 11;
  const rnd = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((seed / 0x80000000) * k);
  };
  it('gives the same scan as byte by byte, on 200 random files and chunk sizes from 7 bytes up', () => {
    for (let f = 0; f < 200; f++) {
      const lines = ['Год;Субъект;Название;Балл'];
      for (let r = 0; r < 1 + rnd(40); r++) {
        if (rnd(12) === 0) lines.push('');
        else lines.push(Array.from({ length: rnd(8) === 0 ? 5 + rnd(3) : 1 + rnd(4) }, () => (rnd(3) === 0 ? pieces[rnd(pieces.length)]! : pieces[rnd(3)]!)).join(';'));
      }
      const text = lines.join(rnd(2) ? '\r\n' : '\n') + (rnd(2) ? '\n' : '');
      const file = tmpFile(Buffer.from(Buffer.from(text.replace('\xff', '\ufffd'), 'utf8').map((b) => (b === 0xef && rnd(50) === 0 ? 0xff : b))));
      for (const chunkBytes of [7, 64, 1 << 20]) {
        for (const validate of [false, true]) {
          const slow = scanCsv(file, { slow: true, chunkBytes, validate });
          expect(scanCsv(file, { chunkBytes, validate }), `file ${f}, chunk ${chunkBytes}, validate ${validate}`).toEqual(slow);
        }
      }
      // and the chunk size does not change the scan
      expect(scanCsv(file, { chunkBytes: 7, validate: true })).toEqual(scanCsv(file, { validate: true }));
    }
  });
});
