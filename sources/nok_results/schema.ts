/**
 * Layout 3 (docs/formats.md#nok_results): NOK results per organization and assessment year,
 * as published on bus.gov.ru and on the pages of organizations, founders and
 * operators. A publication rarely prints the ИНН and often only the total:
 * the organization is identified by its ИНН, else by its bus.gov.ru id, else
 * by region + sphere + name (models/intermediate/int_nok_org_identity.sql);
 * the criteria are optional.
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';

export const NOK_SPHERES = ['социальное обслуживание', 'образование', 'культура', 'охрана здоровья', 'физическая культура и спорт'] as const;

/** Editions of the NOK method (docs/methodology.md): 2014 — before order 344н; 2018 — 344н; 2024 — order 408н. */
export const NOK_EDITIONS = ['2014', '2018', '2024'] as const;

const score = (header: string | string[], description: string) =>
  col(z.number().min(0).nullable(), { header, description, unit: 'баллы (0–100 с 2018 года; по методике 2014 года шкала своя)' });

const CRITERIA = ['k1', 'k2', 'k3', 'k4', 'k5'] as const;
/** Decimals printed in a cell (the raw text of the typed row; the loader evaluates it once per distinct text). */
const decimals = (c: string): string => `nok_decimals("raw:${c}")`;
const EDITION = `nok_edition(year, methodology_edition)`;
/** The same ИНН in several regions of the file: a branch or structural unit in another region. */
const INN_MULTI_REGION = `inn IN (SELECT inn FROM _typed WHERE inn IS NOT NULL GROUP BY inn HAVING count(DISTINCT region_code) > 1)`;
const INN_OTHER_REGION = `inn IS NOT NULL AND region_code IS NOT NULL AND nok_inn_region(inn) <> region_code`;
const INN_REGION_MESSAGE = `'ИНН ' || inn || ' выдан в регионе с кодом ' || left(inn, 2) || CASE WHEN nok_inn_region(inn) <> left(inn, 2) THEN ' (' || nok_inn_region(inn) || ')' ELSE '' END || ', а строка отнесена к региону ' || region_code`;

const nokResults = defineSource({
  name: 'nok_results',
  title: 'Результаты НОК по организациям',
  description:
    'Итоги независимой оценки качества по каждой организации и году оценки: баллы по пяти общим критериям (все, часть или ни одного), итоговый балл, число респондентов, место в рейтинге, источник публикации.',
  layout: 'docs/formats.md#nok_results',
  // one organization once a year: by ИНН (a branch or a unit in another region apart), else by the bus.gov.ru id,
  // else by region + sphere + the name key (as models/intermediate/int_nok_org_identity.sql, before decisions of nok_org_links)
  key: ['inn', 'year'],
  keySql: `year::VARCHAR || '|' || coalesce(
    inn || CASE WHEN region_code <> nok_inn_region(inn) THEN '/' || region_code ELSE '' END || CASE WHEN nok_org_is_branch(org_name) THEN '/' || coalesce(nok_org_name_key(org_name), '') ELSE '' END,
    'busgov:' || busgov_id,
    'name:' || region_code || '|' || sphere || '|' || nok_org_name_key(org_name))`,
  columns: {
    year: col(z.int().min(2013).max(2100), { header: 'Год проведения оценки', required: true, description: 'Год проведения оценки' }),
    region_code: col(z.string(), { header: ['Субъект РФ', 'Субъект Российской Федерации'], parse: 'region', required: true, description: 'Субъект РФ' }),
    sphere: col(z.enum(NOK_SPHERES), { header: 'Сфера', required: true, description: 'Сфера организации' }),
    inn: col(z.string().regex(/^(\d{10}|\d{12})$/).nullable(), {
      header: 'ИНН',
      parse: 'inn',
      description: 'ИНН организации (если опубликован; 10 цифр, ведущие нули сохраняются, контрольная цифра проверяется)',
    }),
    busgov_id: col(z.string().max(40).nullable(), {
      header: ['Идентификатор учреждения', 'Идентификатор bus.gov.ru'],
      description: 'Идентификатор учреждения на bus.gov.ru (если есть)',
    }),
    org_name: col(z.string().nullable(), { header: ['Наименование организации', 'Наименование учреждения'], description: 'Наименование организации, как опубликовано' }),
    k1: score('Открытость и доступность информации', 'Критерий 1: открытость и доступность информации об организации'),
    k2: score('Комфортность условий', 'Критерий 2: комфортность условий предоставления услуг'),
    k3: score('Доступность услуг для инвалидов', 'Критерий 3: доступность услуг для инвалидов'),
    k4: score('Доброжелательность, вежливость работников', 'Критерий 4: доброжелательность, вежливость работников'),
    k5: score('Удовлетворенность условиями оказания услуг', 'Критерий 5: удовлетворённость условиями оказания услуг'),
    total: score('Итоговый балл', 'Итоговый балл (по методике 2018 года — среднее пяти критериев)'),
    respondents: col(z.int().min(0).nullable(), { header: 'Количество респондентов', unit: 'человек', description: 'Опрошено получателей услуг' }),
    rank_published: col(z.int().min(1).nullable(), {
      header: ['Место в рейтинге', 'Место в РФ'],
      description: 'Место организации в опубликованном рейтинге (как напечатано: в РФ, в регионе или среди оцененных — см. источник)',
    }),
    methodology_edition: col(z.enum(NOK_EDITIONS).nullable(), {
      header: 'Редакция методики',
      description: 'Редакция методики НОК: 2014 (до приказа № 344н), 2018 (приказ № 344н), 2024 (приказ № 408н). Пусто — по году оценки (до 2017 — 2014, 2018–2024 — 2018, с 2025 — 2024); папка может задать значение в _columns.json',
    }),
    assessment_period: col(z.string().nullable(), {
      header: 'Период проведения независимой оценки',
      description: 'Период проведения оценки, как опубликован (например, в выгрузке bus.gov.ru)',
    }),
    source_url: col(z.string().regex(/^https?:\/\/\S+$/).nullable(), {
      header: ['Источник', 'Адрес публикации'],
      description: 'Адрес страницы, где опубликован результат (происхождение значения)',
    }),
    source_note: col(z.string().nullable(), { header: 'Примечание к источнику', description: 'Что напечатано на странице и как строка из неё получена' }),
  },
  rules: [
    {
      id: 'org_unidentified',
      severity: 'error',
      column: 'org_name',
      when: `inn IS NULL AND busgov_id IS NULL AND org_name IS NULL`,
      message: `'Нет ни ИНН, ни идентификатора учреждения, ни наименования: организацию не определить'`,
    },
    {
      id: 'no_score',
      severity: 'error',
      column: 'total',
      when: `total IS NULL AND k1 IS NULL AND k2 IS NULL AND k3 IS NULL AND k4 IS NULL AND k5 IS NULL`,
      message: `'Нет ни итогового балла, ни баллов по критериям'`,
    },
    // scores are 0–100 under the 2018 and 2024 editions; under the 2014 one each order had its own scale
    ...[...CRITERIA, 'total'].map((c) => ({
      id: 'range',
      severity: 'error' as const,
      column: c,
      when: `${c} > 100 AND ${EDITION} <> '2014'`,
      message: `'Значение «' || "raw:${c}" || '» вне допустимого диапазона: от 0 до 100 (по методике ' || ${EDITION} || ' года; у оценок до 2018 года шкала своя — укажите «Редакция методики» = 2014)'`,
    })),
    {
      // a total printed to d digits beside criteria printed to c digits: the mean of the rounded criteria may differ
      // from the total by half a unit of the criteria's last digit plus half a unit of the total's (whole numbers: 0,5)
      id: 'total_vs_mean',
      severity: 'warning',
      column: 'total',
      when: `${EDITION} = '2018' AND ${CRITERIA.map((c) => `${c} IS NOT NULL`).join(' AND ')} AND total IS NOT NULL
        AND abs(total - (k1 + k2 + k3 + k4 + k5) / 5) > 0.5 * pow(10, -least(${CRITERIA.map(decimals).join(', ')})) + 0.5 * pow(10, -${decimals('total')}) + 1e-9`,
      message: `'Итоговый балл ' || nok_fmt(total, ${decimals('total')}) || ' расходится со средним пяти критериев ' || nok_fmt((k1 + k2 + k3 + k4 + k5) / 5, 2) || ' больше, чем допускает округление напечатанных баллов (' || nok_fmt(0.5 * pow(10, -least(${CRITERIA.map(decimals).join(', ')})) + 0.5 * pow(10, -${decimals('total')}), 3) || ')'`,
    },
    {
      id: 'inn_region',
      severity: 'error',
      column: 'inn',
      when: `${INN_OTHER_REGION} AND NOT nok_org_is_branch(org_name) AND NOT (${INN_MULTI_REGION})`,
      message: `${INN_REGION_MESSAGE} || ' — проверьте ИНН или субъект (филиал или подразделение в другом регионе назовите так, чтобы это было видно: «филиал», «обособленное подразделение», «структурное подразделение»)'`,
    },
    {
      id: 'inn_region_unit',
      severity: 'warning',
      column: 'inn',
      when: `${INN_OTHER_REGION} AND (nok_org_is_branch(org_name) OR ${INN_MULTI_REGION})`,
      message: `${INN_REGION_MESSAGE} || ': загружено как отдельное подразделение (филиал или структурное подразделение организации с этим ИНН)'`,
    },
  ],
});

export default nokResults;
