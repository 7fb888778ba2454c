/**
 * The TypeScript steps of the practice catalogue's models (models/intermediate/int_practice_*.ts,
 * models/marts/practice_term.ts, models/marts/practice_theme_vocabulary.ts): read the staged
 * practices, apply the tested text rules, write a table through the appender.
 * The text work is small (tens to a few thousand practices), the rules are easier to test in
 * TypeScript than as SQL regular expressions, and the search index must be stemmed with the very
 * code the browser runs (reports/components/search.js).
 */
import type { Db } from '../lib/duck.ts';
import { THEME_CODES, THEME_RULES, tagPractice, type TextField } from './themes.ts';
import { extractMetrics } from './metrics.ts';
import { newSentences } from './text.ts';
import { documentTerms } from '@nok-atlas/common/search.js';

interface PracticeText {
  practice_id: string;
  description: string | null;
  problem: string | null;
  results: string | null;
}

async function practices(db: Db): Promise<PracticeText[]> {
  return db.all<PracticeText & Record<string, unknown>>(
    `SELECT practice_id, description, problem, results FROM staging.stg_practice ORDER BY practice_id`,
  );
}

/**
 * Create `table` with typed columns from rows of JS values: the rows go through the appender as text
 * into a temporary table and are cast in SQL (the appender wants exact column types).
 */
export async function writeTable(db: Db, table: string, columns: [string, string][], rows: unknown[][]): Promise<void> {
  const tmp = `load_${table.replace(/\W/g, '_')}`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${tmp} (${columns.map(([c]) => `"${c}" VARCHAR`).join(', ')})`);
  await db.append('temp', tmp, rows.map((r) => r.map((v) => (v === null || v === undefined ? null : String(v)))));
  const target = table.startsWith('temp.') ? `TEMP TABLE ${table.slice(5)}` : `TABLE ${table}`;
  await db.run(`CREATE OR REPLACE ${target} AS SELECT ${columns.map(([c, t]) => `"${c}"::${t} AS "${c}"`).join(', ')} FROM ${tmp}`);
  await db.run(`DROP TABLE ${tmp}`);
}

const fieldsOf = (p: PracticeText): TextField[] => [
  { field: 'description', text: p.description },
  { field: 'problem', text: p.problem },
  { field: 'results', text: p.results },
];

/** The rules and the vocabulary must name the same themes: a theme without rules would never be tagged. */
export async function checkVocabulary(db: Db): Promise<void> {
  const vocab = (await db.all<{ theme: string }>(`SELECT theme FROM staging.stg_practice_theme_vocabulary`)).map((r) => r.theme);
  const noRules = vocab.filter((t) => !(THEME_CODES as readonly string[]).includes(t));
  const notInVocab = THEME_CODES.filter((t) => !vocab.includes(t));
  if (noRules.length || notInVocab.length) {
    throw new Error(
      'Словарь тем (sources/practice_themes/themes.csv) и правила разметки (pipelines/practices/themes.ts) расходятся:' +
        (noRules.length ? ` темы без правил: ${noRules.join(', ')};` : '') +
        (notInVocab.length ? ` правила для тем, которых нет в словаре: ${notInVocab.join(', ')}` : ''),
    );
  }
}

export async function buildPracticeThemes(db: Db, table: string): Promise<void> {
  await checkVocabulary(db);
  const rows: unknown[][] = [];
  for (const p of await practices(db)) {
    for (const t of tagPractice(fieldsOf(p))) rows.push([p.practice_id, t.theme, t.evidence, t.matched_words, t.match_count, t.fields, t.patterns]);
  }
  await writeTable(db, table, [['practice_id', 'VARCHAR'], ['theme', 'VARCHAR'], ['evidence', 'VARCHAR'], ['matched_words', 'VARCHAR'], ['match_count', 'INTEGER'], ['fields', 'VARCHAR'], ['patterns', 'VARCHAR']], rows);
}

export async function buildPracticeMetrics(db: Db, table: string): Promise<void> {
  const rows: unknown[][] = [];
  for (const p of await practices(db)) {
    for (const m of extractMetrics(fieldsOf(p))) {
      rows.push([p.practice_id, m.metric_no, m.value, m.value_text, m.unit, m.unit_one, m.unit_few, m.unit_many, m.comparator, m.year, m.period, m.year_basis, m.measures, m.is_difference, m.sentence, m.field]);
    }
  }
  await writeTable(
    db,
    table,
    [['practice_id', 'VARCHAR'], ['metric_no', 'INTEGER'], ['value', 'DOUBLE'], ['value_text', 'VARCHAR'], ['unit', 'VARCHAR'], ['unit_one', 'VARCHAR'], ['unit_few', 'VARCHAR'], ['unit_many', 'VARCHAR'], ['comparator', 'VARCHAR'], ['year', 'INTEGER'], ['period', 'VARCHAR'], ['year_basis', 'VARCHAR'], ['measures', 'VARCHAR'], ['is_difference', 'BOOLEAN'], ['sentence', 'VARCHAR'], ['field', 'VARCHAR']],
    rows,
  );
}

/**
 * The search index: stems of every field of every practice with their counts. Fields: the title,
 * the region's name, the titles of the practice's themes, the description, and those sentences of
 * the problem and results that the description does not already contain.
 */
export async function buildPracticeTerms(db: Db, table: string): Promise<void> {
  const docs = await db.all<PracticeText & { title: string; region_name: string | null; themes: string | null } & Record<string, unknown>>(`
    SELECT p.practice_id, p.title, r.region_name, p.description, p.problem, p.results,
           (SELECT string_agg(v.theme_title, ' ; ' ORDER BY v.vocabulary_order)
              FROM intermediate.int_practice_theme t JOIN staging.stg_practice_theme_vocabulary v USING (theme)
             WHERE t.practice_id = p.practice_id) AS themes
    FROM staging.stg_practice p LEFT JOIN marts.region r USING (region_code)
    ORDER BY p.practice_id`);
  const rows: unknown[][] = [];
  for (const d of docs) {
    const seen = [d.description ?? ''];
    const problem = newSentences(d.problem, seen).map((s) => s.text).join(' ');
    const results = newSentences(d.results, [...seen, d.problem ?? '']).map((s) => s.text).join(' ');
    const terms = documentTerms({ title: d.title, region: d.region_name, theme: d.themes, description: d.description, problem, results });
    for (const t of terms) rows.push([d.practice_id, t.field, t.term, t.count]);
  }
  await writeTable(db, table, [['practice_id', 'VARCHAR'], ['field', 'VARCHAR'], ['term', 'VARCHAR'], ['count', 'INTEGER']], rows);
}

/** The theme vocabulary with its tagging rules written out for readers, and how many practices carry each theme. */
export async function buildThemeVocabulary(db: Db, table: string): Promise<void> {
  await checkVocabulary(db);
  await writeTable(
    db,
    'temp.practice_theme_rules',
    [['theme', 'VARCHAR'], ['trigger_patterns', 'VARCHAR'], ['required_context', 'VARCHAR'], ['excluded_context', 'VARCHAR'], ['skipped_words', 'VARCHAR']],
    THEME_RULES.map((r) => [r.theme, r.patterns.join('; '), r.requires?.join('; ') ?? null, r.unless?.join('; ') ?? null, r.skip ? r.skip.source : null]),
  );
  await db.run(`CREATE OR REPLACE TABLE ${table} AS
    WITH counts AS (
      SELECT theme, count(DISTINCT practice_id) AS practice_count FROM intermediate.int_practice_theme GROUP BY theme
    )
    SELECT v.theme, v.theme_title, v.theme_description,
           array_to_string(v.target_criteria, '; ') AS target_criteria,
           r.trigger_patterns, r.required_context, r.excluded_context, r.skipped_words,
           coalesce(c.practice_count, 0)::INTEGER AS practice_count,
           v.vocabulary_order::INTEGER AS vocabulary_order
    FROM staging.stg_practice_theme_vocabulary v
    JOIN practice_theme_rules r USING (theme)
    LEFT JOIN counts c USING (theme)
    ORDER BY v.vocabulary_order`);
  await db.run(`DROP TABLE practice_theme_rules`);
}
