/**
 * Russian search of the practice catalogue on the built marts, with the very module the page runs
 * (reports/components/search.js): the queries of the issue return the right practices first.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Db } from '../../pipelines/lib/duck.ts';
import { RegionIndex } from '../../pipelines/regions/normalize.ts';
import { testBuild } from '../setup/paths.ts';
import { buildIndex, search, documentTerms, type SearchIndex, type TermRow } from '@nok-atlas/common/search.js';

let db: Db;
let index: SearchIndex;
let texts: Map<string, string>;
let practices: { practice_id: string; region_code: string; title: string; description: string; problem: string | null; results: string | null; themes: string | null }[];
const regions = await RegionIndex.load();
const code = (name: string): string => {
  const m = regions.match(name);
  if (!m.ok) throw new Error(name);
  return m.code;
};

beforeAll(async () => {
  db = await Db.open(testBuild.warehouse, { access_mode: 'READ_ONLY' });
  index = buildIndex(await db.all<TermRow & Record<string, unknown>>(`SELECT practice_id, field, term, count FROM marts.practice_term`));
  practices = await db.all(`SELECT practice_id, region_code, title, description, problem, results, themes FROM marts.practice`);
  texts = new Map(practices.map((p) => [p.practice_id, `${p.title}\n${p.description}\n${p.problem ?? ''}\n${p.results ?? ''}`]));
});
afterAll(() => db.close());

const run = (q: string) => search(index, q, { texts });
const regionOf = (id: string) => practices.find((p) => p.practice_id === id)!.region_code;
const textOf = (id: string) => texts.get(id)!.toLowerCase().replace(/ё/g, 'е');

describe('search of the built catalogue', () => {
  it('«сурдопереводчик» finds the Камчатский край practice, and only it', () => {
    const hits = run('сурдопереводчик');
    expect(hits.map((h) => regionOf(h.practice_id))).toEqual([code('Камчатский край')]);
  });

  it('«выездные заседания»: the practices with the phrase come first (Оренбургская, Приморский, Ставропольский)', () => {
    const hits = run('выездные заседания');
    const withPhrase = practices.filter((p) => /выездн[а-я]*\s+заседани/.test(textOf(p.practice_id))).map((p) => p.practice_id);
    expect(withPhrase.map(regionOf).sort()).toEqual([code('Оренбургская область'), code('Приморский край'), code('Ставропольский край')].sort());
    expect(hits.slice(0, withPhrase.length).map((h) => h.practice_id).sort()).toEqual([...withPhrase].sort());
    // practices with only one of the words follow
    expect(hits.length).toBeGreaterThan(withPhrase.length);
  });

  it('«анкетирование»: the questionnaire practice of Республика Тыва first; every hit has a form of the word', () => {
    const hits = run('анкетирование');
    expect(regionOf(hits[0]!.practice_id)).toBe(code('Республика Тыва'));
    for (const h of hits) expect(textOf(h.practice_id), h.practice_id).toMatch(/анкетировани/);
    const all = practices.filter((p) => /анкетировани/.test(textOf(p.practice_id))).map((p) => p.practice_id);
    expect(hits.map((h) => h.practice_id).sort()).toEqual(all.sort());
  });

  it('«обучение»: the training practices of ХМАО and Кемеровская область lead; forms «обучения», «обучено» count', () => {
    const hits = run('обучение');
    const top3 = hits.slice(0, 3).map((h) => h.practice_id);
    const hmaoTraining = practices.find((p) => p.region_code === code('Ханты-Мансийский АО') && /обучено 7519/.test(p.description))!;
    const kemerovo = practices.find((p) => p.region_code === code('Кемеровская область'))!;
    expect(hits[0]!.practice_id).toBe(hmaoTraining.practice_id);
    expect(top3).toContain(kemerovo.practice_id);
    for (const id of hits.slice(0, 5).map((h) => h.practice_id)) expect(practices.find((p) => p.practice_id === id)!.themes, id).toMatch(/обучение персонала/);
    expect(hits.find((h) => h.practice_id === hmaoTraining.practice_id)!.matched.length).toBeGreaterThan(1); // «обучение» and «обучено» stems
  });

  it('a region’s name finds its practices', () => {
    const hits = run('Новосибирская');
    expect(hits.slice(0, 2).map((h) => regionOf(h.practice_id))).toEqual([code('Новосибирская область'), code('Новосибирская область')]);
  });

  it('the warehouse index is what the browser module computes from the same text', async () => {
    const p = practices.find((x) => x.region_code === code('Камчатский край'))!;
    const rows = await db.all<{ field: string; term: string; count: number }>(`SELECT field, term, count FROM marts.practice_term WHERE practice_id = $1 AND field IN ('title', 'description')`, [p.practice_id]);
    const mine = documentTerms({ title: p.title, description: p.description }).filter((t) => t.field === 'title' || t.field === 'description');
    const key = (r: { field: string; term: string; count: number }) => `${r.field}|${r.term}|${r.count}`;
    expect(rows.map(key).sort()).toEqual(mine.map(key).sort());
  });
});
