/**
 * Russian wording of the built site, page by page (the prerendered HTML of every page: navigation
 * pages, every region, every practice, the brief): a number is never followed by a noun in the wrong
 * form («1 организаций», «22 поставщиков», «1,5 организаций»), no English of Evidence's chrome reaches
 * the reader, and every page has a Russian tab title.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { testBuild as defaultBuild } from '../setup/paths.ts';
import { Db, ident } from '../../pipelines/lib/duck.ts';
import { UNIT_FORMS } from '@nok-atlas/common/fmt.js';

/** WORDING_TEST_SITE / WORDING_TEST_WAREHOUSE point the test at another build (for development). */
const testBuild = { site: process.env.WORDING_TEST_SITE ?? defaultBuild.site, warehouse: process.env.WORDING_TEST_WAREHOUSE ?? defaultBuild.warehouse };

// nouns whose form for 2–4 or for 1 differs from the genitive plural (the form for 5)
const FORMS: [string, string, string][] = [
  ...(Object.values(UNIT_FORMS) as [string, string, string][]),
  ['строка', 'строки', 'строк'],
  ['файл', 'файла', 'файлов'],
  ['таблица', 'таблицы', 'таблиц'],
  ['цифра', 'цифры', 'цифр'],
  ['позиция', 'позиции', 'позиций'],
  ['категория', 'категории', 'категорий'],
  ['элемент', 'элемента', 'элементов'],
  ['условие', 'условия', 'условий'],
  ['респондент', 'респондента', 'респондентов'],
  ['программа', 'программы', 'программ'],
];
const MANY = [...new Set(FORMS.filter(([one, few, many]) => many !== few || many !== one).map(([, , many]) => many))];
const PAIR = new RegExp(String.raw`(?<![\d,.])(?<!\d[\u00a0 ])(\d{1,3}(?:[\u00a0 ]\d{3})+|\d+)(,\d+)?[\u00a0 ](${MANY.join('|')})(?![а-яё-])`, 'g');
/** Where a number starts a phrase of its own (a cell, an item, after «(», «:», «—»), it is in the nominative. */
const PHRASE_START = /(?:^|[|(:—–]\s*)$/;

/**
 * Numbers followed by a genitive plural they cannot take: a number ending in 1 (not 11) never takes it
 * («21 организация», «из 21 организации»), nor does a fraction («1,5 организации»); a number ending in
 * 2–4 does not where it starts a phrase («(22 поставщика)», «— 2 этапа»; after a preposition or a noun
 * the genitive is right: «из 22 поставщиков», «представители 2 субъектов»). The report's own words in
 * «…» stay as written.
 */
function disagreements(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PAIR)) {
    const before = text.slice(0, m.index!);
    if (before.split('«').length > before.split('»').length) continue; // inside a quotation of the report
    const n = Number(m[1]!.replace(/\D/g, ''));
    const wrong =
      m[2] !== undefined ||
      (n % 10 === 1 && n % 100 !== 11) ||
      (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) && PHRASE_START.test(before.slice(-3)));
    if (wrong) out.push(text.slice(Math.max(0, m.index! - 40), m.index! + m[0].length + 10).trim());
  }
  return out;
}

const ENGLISH = /\b(Home|On this page|Loading|No data|No Results|No results found|Download|Built with Evidence|Select all|Clear selection)\b/;

function pages(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) {
        if (!['_app', 'api', 'data', 'downloads'].includes(f.name)) walk(p);
      } else if (f.name === 'index.html') out.push(p);
    }
  };
  walk(root);
  return out;
}

/** The text a reader sees; cells, items and blocks are separated by «|». */
const visibleText = (html: string): string =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<\/?(?:td|th|tr|li|ul|ol|p|div|h[1-6]|dt|dd|blockquote|figcaption|button|option|summary|section|b)\b[^>]*>/g, ' | ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t\r\n]+/g, ' ');

describe('the checker', () => {
  it('finds a noun in the wrong form and lets the right ones be', () => {
    expect(disagreements('всего 1 организаций и из 21 субъектов')).toHaveLength(2);
    expect(disagreements('в среднем 1,5 организаций')).toHaveLength(1);
    expect(disagreements('итого 3\u00a0601 организаций')).toHaveLength(1);
    expect(disagreements('| 22 поставщиков — закупка')).toHaveLength(1);
    expect(disagreements('балл 86,6 (2 организаций), место')).toHaveLength(1);
    expect(disagreements('Способ — 3 этапов')).toHaveLength(1);
    expect(disagreements('1 организация, 2 организации, 5 организаций, 11 организаций, 112 организаций, 3\u00a0600 организаций')).toEqual([]);
    expect(disagreements('из 22 поставщиков, у 2 субъектов, представители 2 субъектов, более 3 этапов')).toEqual([]);
    expect(disagreements('блока «23 практик по внедрению», цитата «в 1,6 раз ниже»')).toEqual([]);
    expect(disagreements('в 2021 году, 2 этапа | 111,0 | организаций')).toEqual([]);
  });
});

describe('the built site', () => {
  const files = fs.existsSync(testBuild.site) ? pages(testBuild.site) : [];

  it('has pages to check: the navigation, every region, every practice', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.includes(`${path.sep}regions${path.sep}77${path.sep}`))).toBe(true);
  });

  it('never follows a number with a noun in the wrong form', () => {
    const found: string[] = [];
    for (const f of files) for (const d of disagreements(visibleText(fs.readFileSync(f, 'utf8')))) found.push(`${path.relative(testBuild.site, f)}: ${d}`);
    expect(found).toEqual([]);
  });

  it('speaks Russian: no English chrome of Evidence, a Russian tab title on every page', () => {
    const english: string[] = [];
    const titles: string[] = [];
    for (const f of files) {
      const html = fs.readFileSync(f, 'utf8');
      const m = ENGLISH.exec(visibleText(html));
      if (m) english.push(`${path.relative(testBuild.site, f)}: ${m[0]}`);
      const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
      if (!/[а-яё]/i.test(title) && !f.endsWith(`${path.sep}404${path.sep}index.html`)) titles.push(`${path.relative(testBuild.site, f)}: «${title}»`);
    }
    expect(english).toEqual([]);
    expect(titles).toEqual([]);
  });
});

describe('texts the models write', () => {
  // the report's own words are kept as written: quotes, practice texts, the sentences figures come from
  const VERBATIM = new Set(['quote', 'sentence', 'description', 'problem', 'results', 'measures', 'value_text', 'evidence', 'matched_words', 'title', 'practice_title', 'theme_description', 'org_name']);

  it('no text column of a mart follows a number with a noun in the wrong form', async () => {
    const db = await Db.open(testBuild.warehouse, { access_mode: 'READ_ONLY' });
    try {
      const cols = await db.all<{ t: string; c: string }>(
        `select table_name as t, column_name as c from information_schema.columns where table_schema = 'marts' and data_type = 'VARCHAR' order by 1, 2`,
      );
      expect(cols.length).toBeGreaterThan(50);
      const found: string[] = [];
      for (const { t, c } of cols.filter((x) => !VERBATIM.has(x.c))) {
        const rows = await db.all<{ v: string }>(`select distinct ${ident(c)} as v from marts.${ident(t)} where regexp_matches(${ident(c)}, '\\d[\\s\u00a0]\\p{L}')`);
        for (const r of rows) for (const d of disagreements(r.v)) found.push(`marts.${t}.${c}: ${d}`);
      }
      expect(found).toEqual([]);
    } finally {
      db.close();
    }
  });
});
