/**
 * Layout 2 (FORMATS.md §2): regional practices of organizing NOK and of
 * using its results — one row per practice a region described.
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';

export const PRACTICE_LEVELS = ['субъект', 'муниципальное образование', 'организация'] as const;
export const PRACTICE_TYPES = ['организация и проведение НОК', 'внедрение изменений по результатам НОК'] as const;

export default defineSource({
  name: 'practices',
  title: 'Региональные практики НОК',
  description: 'Практики субъектов РФ по организации и проведению НОК и по внедрению изменений по её результатам: уровень, тип, сфера, описание, решаемая проблема, результаты.',
  layout: 'FORMATS.md §2 practices',
  key: ['region_code', 'title'],
  columns: {
    region_code: col(z.string(), { header: ['Субъект Российской Федерации', 'Субъект РФ'], parse: 'region', required: true, description: 'Субъект РФ' }),
    title: col(z.string().min(3), { header: 'Наименование практики', required: true, description: 'Наименование практики' }),
    levels: col(z.array(z.enum(PRACTICE_LEVELS)).nullable(), { header: 'Уровень реализации', separator: ';', description: 'Уровни реализации (один или несколько, через «; »)' }),
    practice_type: col(z.enum(PRACTICE_TYPES).nullable(), { header: 'Тип практики', description: 'Тип практики' }),
    sphere: col(z.string().nullable(), { header: 'Сфера', description: 'Сфера: социальное обслуживание, здравоохранение, образование, культура …' }),
    description: col(z.string().nullable(), { header: 'Описание', description: 'Описание практики' }),
    problem: col(z.string().nullable(), { header: 'Проблема, которую решает практика', description: 'Проблема, которую решает практика' }),
    results: col(z.string().nullable(), { header: 'Результаты', description: 'Результаты (могут содержать цифры)' }),
    start_year: col(z.int().min(1990).max(2100).nullable(), { header: 'Год начала', description: 'Год начала практики' }),
  },
});
