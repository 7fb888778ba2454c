// What the brief reads and the words it uses for codes: the list of marts (their keys come from
// the model contracts, keys.ts), the marts each section needs, section titles, criteria,
// addressees, and the names of the survey's categories as the brief writes them.
import type { SectionId } from './types.ts';

/** Marts the brief reads (schema `marts`). */
export const BRIEF_TABLES = [
  'region',
  'reconciliation',
  'operator_cost_summary',
  'operator_cost_benchmark',
  'funding_source_share',
  'procurement_method_share',
  'procurement_method_use',
  'control_form_share',
  'acceptance_refusal',
  'online_tool_share',
  'online_paper_share',
  'survey_participation',
  'survey_authority',
  'nok_region_score',
  'nok_district_score',
  'practice',
  'practice_theme',
  'practice_metric',
  'practice_theme_vocabulary',
  'practice_effect',
  'survey_category',
  'region_neighbour',
] as const;
export type MartName = (typeof BRIEF_TABLES)[number];

export const SECTION_ORDER: readonly SectionId[] = ['survey', 'cost', 'procurement', 'scores', 'practices', 'effects'];

/** Marts each section needs; a section whose marts are missing is replaced by a note. */
export const SECTION_TABLES: Record<SectionId, readonly MartName[]> = {
  survey: ['reconciliation', 'operator_cost_summary', 'funding_source_share'],
  cost: ['operator_cost_summary', 'operator_cost_benchmark'],
  procurement: ['procurement_method_share', 'control_form_share', 'acceptance_refusal', 'online_tool_share', 'online_paper_share', 'reconciliation'],
  scores: ['nok_district_score', 'nok_region_score'],
  practices: ['practice', 'practice_theme', 'practice_metric'],
  effects: ['practice_effect'],
};

export const SECTION_TITLES: Record<SectionId | 'resolution' | 'sources', string> = {
  survey: 'Ключевые цифры опроса органов власти',
  cost: 'Стоимость работ оператора',
  procurement: 'Закупка работ оператора и контроль их качества',
  scores: 'Баллы НОК и их динамика',
  practices: 'Практики регионов',
  effects: 'Эффект практик: что показывают данные',
  resolution: 'Предлагаемые формулировки резолюции',
  sources: 'Источники цифр и практик',
};

export type Criterion = 'k1' | 'k2' | 'k3' | 'k4' | 'k5';
export const CRITERIA: Record<Criterion, string> = {
  k1: 'Открытость и доступность информации',
  k2: 'Комфортность условий',
  k3: 'Доступность услуг для инвалидов',
  k4: 'Доброжелательность, вежливость работников',
  k5: 'Удовлетворённость условиями оказания услуг',
};
export const CRITERION_KEYS = Object.keys(CRITERIA) as Criterion[];
const CRITERION_LABEL: Record<Criterion, string> = { k1: 'К1', k2: 'К2', k3: 'К3', k4: 'К4', k5: 'К5' };
/** «К1» for k1; an unknown code as it is. */
export const criterionLabel = (k: unknown): string => CRITERION_LABEL[k as Criterion] ?? String(k);
/** «Открытость и доступность информации» for k1; an unknown code as it is. */
export const criterionName = (k: unknown): string => CRITERIA[k as Criterion] ?? String(k);

export const ALL_SPHERES = 'все сферы';
export const COUNTRY = 'РФ';

/** Addressees, as forum resolutions name them (seeds 000, 001). */
export const ADDRESSEES: Record<string, string> = {
  federal: 'Министерству труда и социальной защиты Российской Федерации',
  regions: 'Органам исполнительной власти субъектов Российской Федерации',
  councils: 'Общественным советам по проведению независимой оценки качества',
  operators: 'Операторам, осуществляющим сбор и обобщение информации о качестве условий оказания услуг',
  organizations: 'Руководителям организаций социальной сферы',
};
export type Addressee = 'federal' | 'region' | 'regions' | 'councils' | 'operators' | 'organizations';
export const ADDRESSEE_ORDER: readonly Addressee[] = ['federal', 'region', 'regions', 'councils', 'operators', 'organizations'];

/**
 * A survey answer category as a sentence of the brief names it, in a list: the short label of
 * marts.survey_category (the project's one list of categories) with a lower-case first letter
 * («нет требований», «единственный поставщик»; «ИТ-сервис субъекта» keeps its abbreviation);
 * without that mart or row, the label the share mart carries.
 */
export function categoryName(categories: readonly Record<string, unknown>[] | undefined, question: string, code: unknown, fallback: unknown): string {
  const row = (categories ?? []).find((c) => c.question === question && c.category_code === code);
  const label = row?.category_short ?? fallback;
  const s = String(label ?? code);
  return s.length > 1 && s[1] === s[1]!.toLowerCase() ? s[0]!.toLowerCase() + s.slice(1) : s;
}
