/**
 * Layout 4 (docs/formats.md#questionnaires; the scores computed from it: docs/methodology.md#formulas): respondent questionnaires — one row per
 * respondent per organization. Answers Да/Нет (also да, нет, 1/0, yes/no);
 * empty = not answered. A follow-up answered while its gate is «Нет» is kept
 * with a warning and ignored by the score engine.
 */
import { z } from 'zod';
import { defineSource, col, type RowRule } from '../../pipelines/ingest/spec.ts';
import { NOK_SPHERES } from '../nok_results/schema.ts';

const q = (header: string, description: string) => col(z.boolean().nullable(), { header, description });

/** Follow-up question → its gate (docs/formats.md#questionnaires: «задаётся, если …»). */
export const GATES: Record<string, string> = { q2: 'q1', q4: 'q3', q8: 'q7', q12: 'q11' };

const gateRules: RowRule[] = Object.entries(GATES).map(([follow, gate]) => ({
  id: 'gate_contradiction',
  severity: 'warning',
  column: follow,
  when: `${gate} = FALSE AND ${follow} IS NOT NULL`,
  message: `'Ответ на вопрос ${follow.toUpperCase()} дан, хотя на вопрос ${gate.toUpperCase()} ответ «Нет»: ответ не учитывается в расчёте'`,
}));

export default defineSource({
  name: 'questionnaires',
  title: 'Анкеты получателей услуг',
  description: 'Ответы респондентов об организации (приказ Минтруда № 344н): из них и наблюдений оператора рассчитываются показатели и баллы НОК.',
  layout: 'docs/formats.md#questionnaires',
  columns: {
    year: col(z.int().min(2013).max(2100), { header: 'Год', required: true, description: 'Год оценки' }),
    inn: col(z.string().regex(/^(\d{10}|\d{12})$/), { header: 'ИНН', parse: 'inn', required: true, description: 'ИНН организации' }),
    sphere: col(z.enum(NOK_SPHERES), { header: 'Сфера', required: true, description: 'Сфера организации' }),
    service_form: col(z.enum(['стационарная', 'полустационарная', 'на дому']).nullable(), { header: 'Форма обслуживания', description: 'Форма социального обслуживания' }),
    q1: q('Q1 Обращались к информации на стендах', 'Обращались к информации на стендах'),
    q2: q('Q2 Удовлетворены информацией на стендах', 'Удовлетворены информацией на стендах (если Q1 = Да)'),
    q3: q('Q3 Пользовались официальным сайтом', 'Пользовались официальным сайтом'),
    q4: q('Q4 Удовлетворены информацией на сайте', 'Удовлетворены информацией на сайте (если Q3 = Да)'),
    q5: q('Q5 Услуга предоставлена своевременно', 'Услуга предоставлена своевременно (соцобслуживание, здравоохранение)'),
    q6: q('Q6 Удовлетворены комфортностью условий', 'Удовлетворены комфортностью условий'),
    q7: q('Q7 Имеете группу инвалидности', 'Респондент (или представляемое лицо) имеет инвалидность'),
    q8: q('Q8 Удовлетворены доступностью для инвалидов', 'Удовлетворены доступностью для инвалидов (если Q7 = Да)'),
    q9: q('Q9 Удовлетворены вежливостью при первичном контакте', 'Удовлетворены вежливостью при первичном контакте'),
    q10: q('Q10 Удовлетворены вежливостью при оказании услуги', 'Удовлетворены вежливостью при оказании услуги'),
    q11: q('Q11 Пользовались дистанционными способами взаимодействия', 'Пользовались дистанционными способами взаимодействия'),
    q12: q('Q12 Удовлетворены вежливостью при дистанционном взаимодействии', 'Удовлетворены вежливостью при дистанционном взаимодействии (если Q11 = Да)'),
    q13: q('Q13 Готовы рекомендовать организацию', 'Готовы рекомендовать организацию'),
    q14: q('Q14 Удовлетворены организационными условиями', 'Удовлетворены организационными условиями'),
    q15: q('Q15 Удовлетворены условиями в целом', 'Удовлетворены условиями в целом'),
  },
  rules: gateRules,
});
