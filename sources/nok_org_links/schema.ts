import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';
import { NOK_SPHERES } from '../nok_results/schema.ts';

/**
 * Decisions of a person on names that match only loosely (meta.warning, rule org_name_similar): «объединить» —
 * the two names are one organization; «разделить» — two organizations, no more warning. Folder nok_org_links/.
 */
const nokOrgLinks = defineSource({
  name: 'nok_org_links',
  title: 'Решения о похожих наименованиях организаций',
  description:
    'Пары наименований, которые совпадают не полностью (опечатка, другое слово): объединить их в одну организацию или оставить разными. Регион и сфера сужают решение, если указаны.',
  layout: 'docs/loading.md, «Одна организация под разными наименованиями»',
  key: ['name_a', 'name_b', 'region_code', 'sphere'],
  keyNullsEqual: true,
  columns: {
    name_a: col(z.string(), { header: 'Наименование 1', required: true, description: 'Первое наименование (как в файле результатов)' }),
    name_b: col(z.string(), { header: 'Наименование 2', required: true, description: 'Второе наименование' }),
    decision: col(z.enum(['объединить', 'разделить']), { header: 'Решение', required: true, description: 'объединить — одна организация; разделить — разные организации' }),
    region_code: col(z.string().nullable(), { header: ['Субъект РФ', 'Субъект Российской Федерации'], parse: 'region', description: 'Субъект РФ (пусто — любой)' }),
    sphere: col(z.enum(NOK_SPHERES).nullable(), { header: 'Сфера', description: 'Сфера (пусто — любая)' }),
  },
});

export default nokOrgLinks;
