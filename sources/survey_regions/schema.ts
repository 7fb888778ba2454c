/**
 * Layout 1 (docs/formats.md#survey_regions): the survey of regional authorities on how they
 * run NOK — one row per responding authority; per-year column groups
 * («… (2021)», «… (2022)» …) become rows of raw.survey_regions_by_year.
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';
import { answers } from '../survey_categories/schema.ts';

// the answers are declared once, in sources/survey_categories/categories.csv
export const PROCUREMENT_METHODS = answers('procurement_method');
export const CONTROL_FORMS = answers('control_form');
export const ONLINE_TOOLS = answers('online_tool');
export const ONLINE_PAPER_RATIOS = answers('online_paper_ratio');

const count = (header: string, description: string) => col(z.int().min(0).nullable(), { header, description, unit: 'организаций' });

export default defineSource({
  name: 'survey_regions',
  title: 'Опрос региональных органов власти о проведении НОК',
  description:
    'Ответы органов власти субъектов РФ (социальная защита, здравоохранение, образование …) на опрос о том, как они организуют НОК: организации, контракты с оператором по годам, способы закупки, формы контроля, онлайн-инструменты, источники финансирования.',
  layout: 'docs/formats.md#survey_regions',
  key: ['region_code', 'authority_name'],
  columns: {
    submitted_at: col(z.date().nullable(), { header: 'Отметка времени', description: 'Когда форма отправлена' }),
    region_code: col(z.string(), { header: ['Субъект Российской Федерации', 'Субъект РФ', 'Регион'], parse: 'region', required: true, description: 'Субъект РФ (любое написание приводится к коду региона)' }),
    authority_name: col(z.string().nullable(), { header: 'Наименование органа власти', description: 'Наименование органа власти, ответившего на опрос' }),
    sphere: col(z.string().nullable(), { header: 'Сфера', description: 'Сфера органа власти: социальное обслуживание, здравоохранение, образование, культура или иное' }),
    orgs_regional: count('Количество организаций социального обслуживания регионального подчинения', 'Организаций социального обслуживания регионального подчинения на 1 января года опроса'),
    orgs_municipal: count('Количество организаций социального обслуживания муниципального подчинения', 'Организаций муниципального подчинения'),
    orgs_nonstate: count('Количество негосударственных организаций социального обслуживания', 'Негосударственных организаций социального обслуживания'),
    funding_source: col(z.string().nullable(), {
      header: 'Источник финансирования работ оператора',
      description: 'Программа, за счёт которой оплачивается работа оператора, или «средства бюджета субъекта», «внебюджетные средства», «на безвозмездной основе»',
    }),
    price_weight: col(z.string().nullable(), { header: 'Соотношение ценовых и неценовых критериев', description: 'Значимость ценовых и неценовых критериев открытого конкурса, например 60/40' }),
    control_form: col(z.enum(CONTROL_FORMS).nullable(), { header: 'Форма контроля результатов работы оператора', otherPrefix: 'Иное:', description: 'Форма контроля результатов работы оператора' }),
    refusal_experience: col(z.boolean().nullable(), { header: 'Опыт отказа в приемке работ оператора', description: 'Был ли опыт отказа в приёмке работ оператора' }),
    refusal_reasons: col(z.string().nullable(), { header: 'Причины отказа в приемке', description: 'Причины отказа в приёмке' }),
    online_tools: col(z.enum(ONLINE_TOOLS).nullable(), { header: 'Требования к оператору по использованию онлайн-инструментов', description: 'Требования к оператору по использованию онлайн-инструментов' }),
    online_paper_ratio: col(z.enum(ONLINE_PAPER_RATIOS).nullable(), { header: 'Соотношение анкет онлайн и на бумаге', description: 'Соотношение анкет, собранных онлайн и на бумаге' }),
  },
  yearColumns: {
    planned_rub: col(z.number().min(0).nullable(), { header: 'НМЦК на оплату работ оператора, руб. ({year})', unit: 'руб.', description: 'Начальная (максимальная) цена контракта на работы оператора за год' }),
    actual_rub: col(z.number().min(0).nullable(), { header: 'Цена контракта с оператором, руб. ({year})', unit: 'руб.', description: 'Цена заключённого контракта с оператором за год' }),
    orgs_assessed: col(z.int().min(0).nullable(), { header: 'Количество организаций, в отношении которых проведена НОК ({year})', unit: 'организаций', description: 'Организаций, в отношении которых проведена НОК в году' }),
    respondents: col(z.int().min(0).nullable(), { header: 'Количество опрошенных получателей услуг ({year})', unit: 'человек', description: 'Опрошенных получателей услуг в году' }),
    procurement_methods: col(z.array(z.enum(PROCUREMENT_METHODS)).nullable(), {
      header: 'Способ определения оператора ({year})',
      otherPrefix: 'Иное:',
      separator: ';',
      description: 'Способы определения оператора в году (может быть несколько, через «; »)',
    }),
  },
  rules: [
    {
      id: 'actual_above_planned',
      scope: 'year',
      severity: 'warning',
      column: 'actual_rub',
      when: 'actual_rub > planned_rub',
      message: `'Цена контракта ' || nok_fmt(actual_rub, 2) || ' руб. выше НМЦК ' || nok_fmt(planned_rub, 2) || ' руб. за ' || year || ' год — проверьте'`,
    },
  ],
});
