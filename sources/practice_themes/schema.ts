/**
 * The documented vocabulary of practice themes: what each theme means and
 * which NOK criteria it is expected to move (used to estimate the effects
 * of practices on the targeted criteria). Project reference data.
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';

export default defineSource({
  name: 'practice_theme',
  title: 'Словарь тем практик',
  description: 'Темы, которыми размечаются практики регионов, с пояснением и критериями НОК (К1–К5), на которые тема должна влиять.',
  layout: 'sources/practice_themes/README.md',
  reference: true,
  files: ['themes.csv'],
  key: ['theme'],
  columns: {
    theme: col(z.string().regex(/^[a-z_]+$/), { header: 'theme', description: 'Код темы', required: true }),
    title: col(z.string().min(3), { header: 'title', description: 'Название темы (по-русски)', required: true }),
    description: col(z.string().min(10), { header: 'description', description: 'Что относится к теме', required: true }),
    target_criteria: col(z.array(z.enum(['k1', 'k2', 'k3', 'k4', 'k5'])).nullable(), {
      header: 'target_criteria',
      separator: ';',
      description: 'Критерии НОК, на которые тема должна влиять (k1 … k5, через «;»); пусто — тема о процедуре оценки, не об условиях в организациях',
    }),
  },
});
