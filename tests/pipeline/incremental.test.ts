/**
 * Incremental rebuilds: after files are added, changed and removed, a rebuild of the same
 * warehouse reads only those files (and the whole of a keyed layout in which a file changed or
 * went away), rebuilds only the models downstream, and gives the same warehouse, table by table
 * and row by row, as a full build of the same folder; a failed incremental build keeps the last
 * good warehouse and leaves no temp files.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { build } from '../../pipelines/build.ts';
import { UserError } from '../../pipelines/lib/errors.ts';
import { Db } from '../../pipelines/lib/duck.ts';
import { FIXTURES, tempDir } from './helpers.ts';
import { fingerprint } from './fingerprint.ts';

let work: string;
beforeAll(() => {
  work = tempDir('nok-incremental-');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('incremental build', () => {
  it('re-reads only added and changed files, rebuilds only downstream models, and equals a full build', async () => {
    const dir = path.join(work, 'inputs');
    fs.cpSync(path.join(FIXTURES, 'good'), dir, { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'rows', 'practices', 'a.csv'), path.join(dir, 'practices', 'more', 'a.csv'));
    // two names a letter apart: a model (int_nok_org_match) writes a warning on them into meta.warning, which a changed questionnaire file changes too
    fs.writeFileSync(
      path.join(dir, 'nok_results', 'похожие.csv'),
      [
        'Год проведения оценки;Субъект РФ;Сфера;ИНН;Наименование организации;Открытость и доступность информации;Комфортность условий;Доступность услуг для инвалидов;Доброжелательность, вежливость работников;Удовлетворенность условиями оказания услуг;Итоговый балл',
        '2023;Москва;культура;;МБУК «Дом культуры «Юность»;;;;;;91',
        '2023;Москва;культура;;МБУК «Дом культуры «Юнность»;;;;;;92',
      ].join('\n') + '\n',
    );
    const warehouse = path.join(work, 'w', 'w.duckdb');
    const first = await build({ sourcesDir: dir, warehouse });
    expect(first.reread).toBeNull();

    // added (a layout without a key, and one with), changed (without a key), removed (with a key: the layout is reloaded whole)
    fs.cpSync(path.join(FIXTURES, 'rows', 'questionnaires', 'q.csv'), path.join(dir, 'questionnaires', 'q.csv'));
    // its sidecar comes with it: part of the file, not a change of the whole layout
    fs.writeFileSync(path.join(dir, 'questionnaires', 'q.csv.meta.json'), JSON.stringify({ synthetic: true, description: 'проверка' }));
    fs.cpSync(path.join(FIXTURES, 'rows', 'nok_results', 'nok bad rows.csv'), path.join(dir, 'nok_results', 'bad', 'nok bad rows.csv'));
    const q = path.join(dir, 'questionnaires', 'анкеты.csv');
    fs.writeFileSync(q, fs.readFileSync(q, 'utf8').trimEnd().split('\n').slice(0, -1).join('\n') + '\n');
    fs.rmSync(path.join(dir, 'practices', 'more'), { recursive: true });

    const inc = await build({ sourcesDir: dir, warehouse });
    expect(inc.reread).toEqual(['nok_results/bad/nok bad rows.csv', 'practices/practices.csv', 'questionnaires/q.csv', 'questionnaires/анкеты.csv']);
    expect(inc.modelsRebuilt).toBeGreaterThan(0);
    expect(inc.modelsRebuilt).toBeLessThan(first.modelsRebuilt);
    const full = await build({ sourcesDir: dir, warehouse: path.join(work, 'full', 'w.duckdb') });
    expect(full.reread).toBeNull();
    const [a, b] = [await fingerprint(warehouse), await fingerprint(path.join(work, 'full', 'w.duckdb'))];
    expect(a['meta.quarantine']).not.toMatch(/^0:/);
    const similar = await Db.open(warehouse, { access_mode: 'READ_ONLY' });
    try {
      expect(await similar.all(`SELECT row_number, rule FROM meta.warning WHERE rule = 'org_name_similar'`)).toHaveLength(1);
    } finally {
      similar.close();
    }
    expect(Object.keys(a).filter((k) => a[k] !== b[k])).toEqual([]);
    expect(Object.keys(a)).toEqual(Object.keys(b));
    // every model's time is on record (meta.run.model_ms), those kept as they were from the first build: the next build orders the models by them
    const times = async (file: string): Promise<Record<string, number>> => {
      const db = await Db.open(file, { access_mode: 'READ_ONLY' });
      try {
        return JSON.parse(await db.value<string>('SELECT model_ms FROM meta.run')) as Record<string, number>;
      } finally {
        db.close();
      }
    };
    const [tInc, tFull] = [await times(warehouse), await times(path.join(work, 'full', 'w.duckdb'))];
    expect(Object.keys(tInc)).toEqual(Object.keys(tFull));
    expect(Object.keys(tFull)).toHaveLength(full.modelsRebuilt);
    expect(Object.values(tInc).every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true);

    // nothing changed: nothing read, no model rebuilt, the same warehouse
    const same = await build({ sourcesDir: dir, warehouse });
    expect(same.reread).toEqual([]);
    expect(same.modelsRebuilt).toBe(0);
    expect(await fingerprint(warehouse)).toEqual(a);

    // a file rewritten with other content of the same size: its modification time is new, so it is read again
    const practices = path.join(dir, 'practices', 'practices.csv');
    const text = fs.readFileSync(practices);
    const other = Buffer.from(text);
    other[other.lastIndexOf(0x31)] = 0x32; // a digit «1» becomes «2»
    const { atime, mtime } = fs.statSync(practices);
    fs.writeFileSync(practices, other);
    fs.utimesSync(practices, atime, new Date(mtime.getTime() + 5000));
    expect((await build({ sourcesDir: dir, warehouse })).reread).toEqual(['practices/practices.csv']);
    // the same size and modification time as the last build saw: the content is not read again (as in make and git;
    // `--full` reads everything)
    const seen = fs.statSync(practices);
    fs.writeFileSync(practices, text);
    fs.utimesSync(practices, seen.atime, seen.mtime);
    expect((await build({ sourcesDir: dir, warehouse })).reread).toEqual([]);

    // a file that cannot be read: the build stops, the last good warehouse stays as it was, nothing is left beside it
    const bytes = fs.readFileSync(warehouse);
    fs.cpSync(path.join(FIXTURES, 'file', 'missing-column', 'nok_results', 'nok.csv'), path.join(dir, 'nok_results', 'broken.csv'));
    const err = await build({ sourcesDir: dir, warehouse }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(fs.readFileSync(warehouse).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(warehouse))).toEqual(['w.duckdb']);
  }, 600_000);
});
