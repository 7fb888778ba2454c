/**
 * Layout 3 (docs/formats.md#nok_results): NOK results per organization and assessment year,
 * as published on bus.gov.ru.
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';

export const NOK_SPHERES = ['социальное обслуживание', 'образование', 'культура', 'охрана здоровья', 'физическая культура и спорт'] as const;

const score = (header: string, description: string) => col(z.number().min(0).max(100), { header, description, unit: 'баллы 0–100', required: true });

export default defineSource({
  name: 'nok_results',
  title: 'Результаты НОК по организациям',
  description: 'Итоги независимой оценки качества по каждой организации и году оценки: баллы по пяти общим критериям, итоговый балл, число респондентов.',
  layout: 'docs/formats.md#nok_results',
  key: ['inn', 'year'],
  columns: {
    year: col(z.int().min(2013).max(2100), { header: 'Год проведения оценки', required: true, description: 'Год проведения оценки' }),
    region_code: col(z.string(), { header: ['Субъект РФ', 'Субъект Российской Федерации'], parse: 'region', required: true, description: 'Субъект РФ' }),
    sphere: col(z.enum(NOK_SPHERES), { header: 'Сфера', required: true, description: 'Сфера организации' }),
    inn: col(z.string().regex(/^(\d{10}|\d{12})$/), { header: 'ИНН', parse: 'inn', required: true, description: 'ИНН организации (10 цифр; ведущие нули сохраняются; контрольная цифра проверяется)' }),
    org_name: col(z.string().nullable(), { header: 'Наименование организации', description: 'Наименование организации' }),
    k1: score('Открытость и доступность информации', 'Критерий 1: открытость и доступность информации об организации'),
    k2: score('Комфортность условий', 'Критерий 2: комфортность условий предоставления услуг'),
    k3: score('Доступность услуг для инвалидов', 'Критерий 3: доступность услуг для инвалидов'),
    k4: score('Доброжелательность, вежливость работников', 'Критерий 4: доброжелательность, вежливость работников'),
    k5: score('Удовлетворенность условиями оказания услуг', 'Критерий 5: удовлетворённость условиями оказания услуг'),
    total: score('Итоговый балл', 'Итоговый балл: среднее пяти критериев'),
    respondents: col(z.int().min(0).nullable(), { header: 'Количество респондентов', unit: 'человек', description: 'Опрошено получателей услуг' }),
  },
  rules: [
    {
      id: 'total_vs_mean',
      severity: 'warning',
      column: 'total',
      when: 'abs(total - (k1 + k2 + k3 + k4 + k5) / 5) > 0.1',
      message: `'Итоговый балл ' || nok_fmt(total, 2) || ' расходится со средним пяти критериев ' || nok_fmt((k1 + k2 + k3 + k4 + k5) / 5, 2) || ' больше чем на 0,1'`,
    },
    {
      id: 'inn_region',
      severity: 'error',
      column: 'inn',
      when: `inn IS NOT NULL AND region_code IS NOT NULL AND nok_inn_region(inn) <> region_code`,
      message: `'ИНН ' || inn || ' выдан в регионе с кодом ' || left(inn, 2) || CASE WHEN nok_inn_region(inn) <> left(inn, 2) THEN ' (' || nok_inn_region(inn) || ')' ELSE '' END || ', а строка отнесена к региону ' || region_code || ' — проверьте ИНН или субъект'`,
    },
  ],
});
