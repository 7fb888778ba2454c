/**
 * The synthetic generator (scripts/generate): same seed → same files; every
 * file marked synthetic by its sidecar; valid ИНН with the region's prefix;
 * every region present; the planted truth written beside the data.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { run } from '../../scripts/generate/cli.ts';
import { PLANTED } from '../../scripts/generate/planted.ts';
import { readCsvObjects } from '../../pipelines/ingest/read.ts';

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const src of ['nok_results', 'questionnaires', 'observations', 'theme_adoption']) {
    for (const f of fs.readdirSync(path.join(dir, src, 'data')).sort()) {
      out[`${src}/${f}`] = crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, src, 'data', f))).digest('hex');
    }
  }
  return out;
}

/** A generated file as rows of cells (header first), read by the project's CSV reader. */
const csv = async (file: string): Promise<string[][]> => {
  const r = await readCsvObjects(file);
  return [r.header, ...r.rows.map((o) => r.header.map((h) => o[h]!))];
};

describe('synthetic NOK generator', { timeout: 120_000 }, () => {
  it('is reproducible with a seed, and another seed gives other data', async () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-gen-a-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-gen-b-'));
    const c = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-gen-c-'));
    expect(await run(['--out', a, '--seed', '7'])).toBe(0);
    expect(await run(['--out', b, '--seed', '7'])).toBe(0);
    expect(await run(['--out', c, '--seed', '8'])).toBe(0);
    const da = digest(a);
    expect(Object.keys(da).length).toBe(2 * (1 + 5 + 1 + 1)); // data file + sidecar each; five yearly questionnaire files
    expect(digest(b)).toEqual(da);
    expect(digest(c)['questionnaires/questionnaires_2021.csv']).not.toBe(da['questionnaires/questionnaires_2021.csv']);

    // every file says it is synthetic, with the generator and the seed
    for (const f of Object.keys(da).filter((k) => k.endsWith('.meta.json'))) {
      const note = JSON.parse(fs.readFileSync(path.join(a, f.split('/')[0]!, 'data', f.split('/')[1]!), 'utf8'));
      expect(note).toMatchObject({ synthetic: true, generator: 'scripts/generate/cli.ts', seed: 7 });
    }
    // the planted truth beside the data
    const planted = JSON.parse(fs.readFileSync(path.join(a, '_planted.json'), 'utf8'));
    expect(planted.effects).toEqual(PLANTED);
    expect(planted.seed).toBe(7);
    expect(planted.no_effect).not.toContain('info_openness');

    // layout 3: valid ИНН check digits, all 89 regions, totals mostly 80–100
    const rows = await csv(path.join(a, 'nok_results', 'data', 'nok_results.csv'));
    const header = rows[0]!;
    const inn = header.indexOf('ИНН');
    const region = header.indexOf('Субъект РФ');
    const total = header.indexOf('Итоговый балл');
    const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    const body = rows.slice(1);
    for (const r of body) {
      const d = [...r[inn]!].map(Number);
      expect(d.length).toBe(10);
      expect((w.reduce((s, x, i) => s + x * d[i]!, 0) % 11) % 10).toBe(d[9]);
    }
    expect(new Set(body.map((r) => r[region])).size).toBe(89);
    const totals = body.map((r) => Number(r[total]!.replace(',', '.')));
    expect(totals.filter((t) => t >= 80 && t <= 100).length / totals.length).toBeGreaterThan(0.7);
    // the questionnaires refer to organizations of the observations
    const obs = new Set((await csv(path.join(a, 'observations', 'data', 'observations.csv'))).slice(1).map((r) => `${r[0]}:${r[1]}`));
    const q = (await csv(path.join(a, 'questionnaires', 'data', 'questionnaires_2021.csv'))).slice(1);
    expect(q.length).toBeGreaterThan(10_000);
    expect(q.every((r) => obs.has(`${r[0]}:${r[1]}`))).toBe(true);
  });

  it('refuses an unknown size with a clear message', async () => {
    await expect(run(['--size', 'huge'])).rejects.toThrow(/Неизвестный размер «huge»/);
  });
});
