/**
 * The answer categories of the survey of regional authorities (layout 1): for each
 * question, the code of each answer, the answer as the questionnaire prints it, the
 * label the product shows (full and short) and the order. Declared once here and read by
 * the loader (the accepted answers of survey_regions), staging and marts (ref.survey_category
 * → stg_survey_category → marts.survey_category), the generator of the bundled survey data.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';
import { readCsvObjects } from '../../pipelines/ingest/read.ts';

export const QUESTIONS = ['procurement_method', 'control_form', 'online_tool', 'online_paper_ratio', 'funding_category', 'refusal'] as const;
export type Question = (typeof QUESTIONS)[number];

const source = defineSource({
  name: 'survey_category',
  title: 'Категории ответов опроса органов власти',
  description: 'Для каждого вопроса опроса органов власти (макет 1): код ответа, ответ так, как он напечатан в анкете, подпись в продукте (полная и краткая) и порядок.',
  layout: 'sources/survey_categories/README.md',
  reference: true,
  files: ['categories.csv'],
  key: ['question', 'category_code'],
  columns: {
    question: col(z.enum(QUESTIONS), { header: 'question', description: 'Вопрос опроса', required: true }),
    category_code: col(z.string().regex(/^[a-z0-9_]+$/), { header: 'category_code', description: 'Код ответа', required: true }),
    answer: col(z.string().nullable(), { header: 'answer', description: 'Ответ, как он напечатан в анкете (пусто — категория выводится из ответа, например «Иное: …» или источник финансирования)' }),
    category: col(z.string().min(2), { header: 'category', description: 'Подпись категории в продукте', required: true }),
    category_short: col(z.string().min(2), { header: 'category_short', description: 'Краткая подпись (графики, таблицы)', required: true }),
    sort_order: col(z.int().min(1), { header: 'sort_order', description: 'Порядок категории в вопросе', required: true }),
  },
});
export default source;

const row = z.object({
  question: z.enum(QUESTIONS),
  category_code: z.string().regex(/^[a-z0-9_]+$/),
  answer: z.string(),
  category: z.string().min(2),
  category_short: z.string().min(2),
  sort_order: z.coerce.number().int().min(1),
});
export type SurveyCategory = z.infer<typeof row>;

/** The categories, read by the project's CSV reader (the loader checks them again into ref.survey_category). */
export const SURVEY_CATEGORIES: SurveyCategory[] = (await readCsvObjects(path.join(path.dirname(fileURLToPath(import.meta.url)), 'categories.csv'))).rows.map((r, i) => {
  const p = row.safeParse(r);
  if (!p.success) throw new Error(`sources/survey_categories/categories.csv, строка ${i + 2}: ${p.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
  return p.data;
});

/** The answers of a question as the questionnaire prints them, in order (the accepted values of the survey's column). */
export function answers(q: Question): [string, ...string[]] {
  const list = SURVEY_CATEGORIES.filter((c) => c.question === q && c.answer !== '')
    .sort((a, b) => a.sort_order - b.sort_order)
    .map((c) => c.answer);
  if (!list.length) throw new Error(`sources/survey_categories: у вопроса ${q} нет ответов`);
  return list as [string, ...string[]];
}

/** code → answer of a question. */
export function answerOf(q: Question): Record<string, string> {
  return Object.fromEntries(SURVEY_CATEGORIES.filter((c) => c.question === q && c.answer !== '').map((c) => [c.category_code, c.answer]));
}
