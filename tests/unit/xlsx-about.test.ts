/** The XLSX a table downloads (reports/components/xlsx.js) carries a sheet «О данных» that Excel reads. */
import { describe, it, expect } from 'vitest';
import ExcelJS from 'exceljs';
// @ts-expect-error plain JavaScript module of the dashboards, no types
import { makeXlsx } from '../../reports/components/xlsx.js';
// @ts-expect-error plain JavaScript module of the dashboards, no types
import { aboutRows } from '../../reports/components/release.js';

const release = { release_id: '0.1.0+20261205.1a2b3c4d', built_at: '2026-12-05T10:00:00.000Z', sources_dir: 'sources', inputs_sha256: 'ab'.repeat(32), citation: 'НОК-Атлас … Выпуск 0.1.0+20261205.1a2b3c4d (версия 0.1.0, сборка 05.12.2026). Дата обращения: 05.12.2026.' };

describe('XLSX «О данных»', () => {
  it('the data sheet first, then the release, the filters and the citation', async () => {
    const about = aboutRows(release, { title: 'Рейтинг регионов', filters: 'поиск «рес»: 3 из 85', address: 'http://127.0.0.1/scores/?year=2024', today: new Date('2026-12-07T12:00:00Z') });
    const bytes = makeXlsx({ columns: [{ title: 'Регион' }, { title: 'Балл', numFmt: '0.0' }], rows: [['Адыгея', 81.25]], about });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Данные', 'О данных']);
    expect(wb.worksheets[0]!.getCell('B2').value).toBe(81.25);
    const sheet = wb.getWorksheet('О данных')!;
    const kv = Object.fromEntries(sheet.getSheetValues().slice(1).map((r) => [(r as string[])[1], (r as string[])[2]]));
    expect(kv['Выпуск']).toBe(release.release_id);
    expect(kv['Фильтры']).toBe('поиск «рес»: 3 из 85');
    expect(kv['Адрес вида']).toContain('year=2024');
    expect(kv['Как цитировать']).toContain('Дата обращения: 07.12.2026.');
    expect(kv['Как цитировать']).toContain(release.release_id);
  });

  it('without a release it says so, and without filters — all rows', () => {
    const kv = Object.fromEntries(aboutRows(null, { title: 'Т' }));
    expect(kv['Выпуск']).toMatch(/не указан/);
    expect(kv['Фильтры']).toMatch(/все строки/);
  });
});
