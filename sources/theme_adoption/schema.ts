/**
 * When a region adopted a practice theme (sources/practice_themes/themes.csv):
 * the treatment dates of the effects estimation (marts.practice_effect).
 * A layout users can fill with their own adoption data; the bundled file is
 * written by the synthetic generator (scripts/generate) and marked synthetic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';

/** Theme codes and titles from the project's theme vocabulary: either is accepted in «Тема». */
export function themeVocabulary(): { codes: string[]; titles: string[] } {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'practice_themes', 'themes.csv');
  const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(1).filter((l) => l.trim());
  const codes: string[] = [];
  const titles: string[] = [];
  for (const l of lines) {
    const [code, title] = l.split(',');
    if (code && title) {
      codes.push(code.trim());
      titles.push(title.trim());
    }
  }
  return { codes, titles };
}

const vocab = themeVocabulary();

export default defineSource({
  name: 'theme_adoption',
  title: 'Внедрение тем практик по регионам',
  description:
    'В каком году субъект РФ начал практику данной темы (например, «доступная среда»): даты «воздействия» для оценки эффекта практик на критерии НОК.',
  layout: 'sources/theme_adoption/README.md',
  key: ['region_code', 'theme'],
  columns: {
    region_code: col(z.string(), { header: ['Субъект РФ', 'Субъект Российской Федерации'], parse: 'region', required: true, description: 'Субъект РФ' }),
    theme: col(z.enum([...vocab.codes, ...vocab.titles] as [string, ...string[]]), {
      header: 'Тема',
      required: true,
      description: 'Тема практики: код или название из словаря тем (sources/practice_themes/themes.csv)',
    }),
    adoption_year: col(z.int().min(2000).max(2100), { header: 'Год внедрения', required: true, description: 'Год, в котором регион начал практику этой темы' }),
  },
});
