/**
 * The weights of the NOK score method (docs/methodology.md#weights): one row per
 * methodology version, indicator and set of spheres it applies to. A
 * corrected or amended set (e.g. Order 408n) is a data change here, not a
 * code change in the score engine. Project reference data.
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';
import { NOK_SPHERES } from '../nok_results/schema.ts';

export default defineSource({
  name: 'methodology_weight',
  title: 'Веса показателей НОК',
  description:
    'Единый порядок расчёта показателей (приказ Минтруда № 344н): для каждой редакции методики — показатели, их критерии, веса и сферы, к которым применяется вес (два варианта критерия К2).',
  layout: 'sources/methodology/README.md',
  reference: true,
  files: ['weights.csv'],
  key: ['methodology_version', 'indicator', 'applies_to'],
  columns: {
    methodology_version: col(z.string().min(2), { header: 'methodology_version', description: 'Редакция методики (например, 344н-2018)', required: true }),
    valid_from_year: col(z.int().min(2013).max(2100), {
      header: 'valid_from_year',
      description: 'С какого года оценки применяется редакция (до года начала следующей редакции)',
      required: true,
    }),
    criterion: col(z.enum(['k1', 'k2', 'k3', 'k4', 'k5']), { header: 'criterion', description: 'Критерий (k1 … k5)', required: true }),
    indicator: col(z.string().regex(/^[1-5]\.[1-9]$/), { header: 'indicator', description: 'Показатель (1.1 … 5.3)', required: true }),
    weight: col(z.number().gt(0).max(1), { header: 'weight', description: 'Вес показателя в критерии', required: true }),
    applies_to: col(z.array(z.enum(NOK_SPHERES)).nullable(), {
      header: 'applies_to',
      separator: ';',
      description: 'Сферы, к которым применяется вес (через «;»); пусто — все сферы',
    }),
    title: col(z.string().min(5), { header: 'title', description: 'Что измеряет показатель', required: true }),
    formula: col(z.string().min(3), { header: 'formula', description: 'Формула показателя', required: true }),
  },
});
