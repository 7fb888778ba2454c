/**
 * Figures published in the 2023 analytical report (seed 002), each with the
 * sentence it comes from. They are what the product must reproduce: the
 * reconciliation shows every published figure beside the one recomputed
 * from data. Project reference data, one file per part of the report.
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';

export default defineSource({
  name: 'report_figure',
  title: 'Цифры аналитического отчёта 2023 года',
  description:
    'Каждая цифра, приведённая в аналитическом отчёте 2023 г. о практике использования результатов НОК, с предложением-источником. Перечни (например, субъекты без негосударственных организаций) записаны построчно, как в отчёте, включая повторы.',
  layout: 'sources/report_figures/README.md',
  reference: true,
  key: ['figure_id'],
  columns: {
    figure_id: col(z.string().regex(/^[a-z0-9_.]+$/), { header: 'Идентификатор', description: 'Идентификатор цифры (латиница, точки)', required: true }),
    section: col(z.string(), { header: 'Раздел отчёта', description: 'Раздел отчёта', required: true }),
    measure: col(z.string().regex(/^[a-z0-9_]+$/), { header: 'Показатель', description: 'Код показателя: по нему цифра сверяется с пересчитанной', required: true }),
    region_code: col(z.string().nullable(), { header: 'Субъект РФ', parse: 'region', description: 'Субъект, к которому относится цифра (пусто — вся выборка)' }),
    sphere: col(z.string().nullable(), { header: 'Сфера', description: 'Сфера: социальное обслуживание, здравоохранение, образование …' }),
    year: col(z.int().min(2013).max(2100).nullable(), { header: 'Год', description: 'Год, к которому относится цифра' }),
    value: col(z.number().nullable(), { header: 'Значение', description: 'Значение, как в отчёте (доли — в долях 0–1, проценты — в процентах по единице)' }),
    comparator: col(z.enum(['=', '>', '<', '≈']).nullable(), { header: 'Сравнение', description: '«=» точное значение; «>» «более»; «<» «менее»; «≈» «около», округлено' }),
    unit: col(z.string().nullable(), { header: 'Единица', description: 'Единица измерения' }),
    list_position: col(z.int().min(1).nullable(), { header: 'Позиция в списке', description: 'Место в перечне, если цифра — элемент перечня отчёта' }),
    quote: col(z.string().min(10), { header: 'Цитата', description: 'Предложение отчёта, из которого взята цифра', required: true }),
    note: col(z.string().nullable(), { header: 'Примечание', description: 'Примечание проекта: неточности и противоречия отчёта' }),
  },
});
