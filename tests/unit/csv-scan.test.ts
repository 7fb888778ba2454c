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
