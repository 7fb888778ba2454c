/**
 * Operators' indicator cards: per organization and year, the published values (0–100) of the fifteen indicators
 * 1.1–5.3 of the single calculation procedure (order 344н), as operators print them in their reports
 * (Пинф, Пдист, Поткрудоб …). The criteria and the total are computed from them with the weights of
 * sources/methodology and set beside the published ones (marts.nok_score_check, computed_from = indicators).
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';
import { NOK_SPHERES } from '../nok_results/schema.ts';

/** Indicator → the symbol operators print and what it measures (sources/methodology/weights.csv has the weights). */
export const INDICATORS = [
  ['1.1', 'Пинф', 'соответствие информации на стендах и сайте требованиям'],
  ['1.2', 'Пдист', 'наличие и работа дистанционных способов взаимодействия'],
  ['1.3', 'Поткрудоб', 'доля удовлетворённых открытостью и доступностью информации'],
  ['2.1', 'Пкомф.усл', 'обеспечение комфортных условий'],
  ['2.2', 'Пожид', 'время ожидания предоставления услуги'],
  ['2.3', 'Пкомфуд', 'доля удовлетворённых комфортностью условий'],
  ['3.1', 'Поргдост', 'оборудование помещений и территории для инвалидов'],
  ['3.2', 'Пуслугдост', 'условия доступности услуг для инвалидов'],
  ['3.3', 'Пдостуд', 'доля удовлетворённых доступностью услуг для инвалидов'],
  ['4.1', 'Пперв.контуд', 'доля удовлетворённых доброжелательностью при первичном контакте'],
  ['4.2', 'Показ.услуд', 'доля удовлетворённых доброжелательностью при оказании услуги'],
  ['4.3', 'Пвежл.дистуд', 'доля удовлетворённых вежливостью при дистанционном взаимодействии'],
  ['5.1', 'Преком', 'доля готовых рекомендовать организацию'],
  ['5.2', 'Порг.услуд', 'доля удовлетворённых организационными условиями'],
  ['5.3', 'Пуд', 'доля удовлетворённых условиями оказания услуг в целом'],
] as const;

const indicator = (no: string, symbol: string, title: string) =>
  col(z.number().min(0).max(100).nullable(), {
    header: [`${no} ${symbol}`, symbol, `Показатель ${no}`, no],
    description: `Показатель ${no} (${symbol}): ${title}, 0–100`,
    unit: 'баллы 0–100',
  });

export default defineSource({
  name: 'nok_indicators',
  title: 'Карточки показателей НОК (отчёты операторов)',
  description:
    'Значения пятнадцати показателей НОК 1.1–5.3 по организации и году, как их печатают операторы в отчётах; критерии и итоговый балл рассчитываются по весам методики и ставятся рядом с опубликованными.',
  layout: 'docs/loading.md, «Карточки показателей операторов»',
  key: ['inn', 'year'],
  keySql: `year::VARCHAR || '|' || coalesce(inn || '/' || region_code || '/' || coalesce(nok_org_name_key(org_name), ''), 'busgov:' || busgov_id, 'name:' || region_code || '|' || sphere || '|' || nok_org_name_key(org_name))`,
  columns: {
    year: col(z.int().min(2018).max(2100), { header: 'Год проведения оценки', required: true, description: 'Год проведения оценки' }),
    region_code: col(z.string(), { header: ['Субъект РФ', 'Субъект Российской Федерации'], parse: 'region', required: true, description: 'Субъект РФ' }),
    sphere: col(z.enum(NOK_SPHERES), { header: 'Сфера', required: true, description: 'Сфера организации' }),
    inn: col(z.string().regex(/^(\d{10}|\d{12})$/).nullable(), { header: 'ИНН', parse: 'inn', description: 'ИНН организации (если напечатан)' }),
    busgov_id: col(z.string().max(40).nullable(), { header: ['Идентификатор учреждения', 'Идентификатор bus.gov.ru'], description: 'Идентификатор учреждения на bus.gov.ru (если есть)' }),
    org_name: col(z.string().nullable(), { header: ['Наименование организации', 'Наименование учреждения'], description: 'Наименование организации, как напечатано' }),
    i11: indicator(...INDICATORS[0]),
    i12: indicator(...INDICATORS[1]),
    i13: indicator(...INDICATORS[2]),
    i21: indicator(...INDICATORS[3]),
    i22: indicator(...INDICATORS[4]),
    i23: indicator(...INDICATORS[5]),
    i31: indicator(...INDICATORS[6]),
    i32: indicator(...INDICATORS[7]),
    i33: indicator(...INDICATORS[8]),
    i41: indicator(...INDICATORS[9]),
    i42: indicator(...INDICATORS[10]),
    i43: indicator(...INDICATORS[11]),
    i51: indicator(...INDICATORS[12]),
    i52: indicator(...INDICATORS[13]),
    i53: indicator(...INDICATORS[14]),
    source_url: col(z.string().regex(/^https?:\/\/\S+$/).nullable(), { header: ['Источник', 'Адрес публикации'], description: 'Адрес отчёта или страницы, где напечатана карточка' }),
  },
  rules: [
    {
      id: 'org_unidentified',
      severity: 'error',
      column: 'org_name',
      when: `inn IS NULL AND busgov_id IS NULL AND org_name IS NULL`,
      message: `'Нет ни ИНН, ни идентификатора учреждения, ни наименования: организацию не определить'`,
    },
  ],
});
