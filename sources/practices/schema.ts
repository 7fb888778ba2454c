/**
 * Layout 2 (docs/formats.md#practices): regional practices of organizing NOK and of
 * using its results — one row per practice a region described.
 *
 * The nine columns of the layout, plus four optional columns the project's
 * own catalogue (data/practices_2023.csv, from the 2023 report) carries: a
 * stable practice code, the report's grouping, the basis of the level and
 * type, and the order in the report. A user's file without them loads as is.
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';

export const PRACTICE_LEVELS = ['субъект', 'муниципальное образование', 'организация'] as const;
export const PRACTICE_TYPES = ['организация и проведение НОК', 'внедрение изменений по результатам НОК'] as const;

export default defineSource({
  name: 'practices',
  title: 'Региональные практики НОК',
  description: 'Практики субъектов РФ по организации и проведению НОК и по внедрению изменений по её результатам: уровень, тип, сфера, описание, решаемая проблема, результаты.',
  layout: 'docs/formats.md#practices',
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
    practice_code: col(z.string().regex(/^[0-9a-z][0-9a-z-]{0,39}$/).nullable(), {
      header: ['Код практики', 'practice_id'],
      description:
        'Необязательный постоянный код практики (строчные латинские буквы, цифры, дефис; до 40 знаков), например «86-2»: код региона и номер практики региона. Из него — адрес страницы практики. Если столбца нет, код строится из кода региона и наименования.',
    }),
    report_group: col(z.string().nullable(), {
      header: 'Группа в отчёте',
      description: 'Необязательно: в какой группе практик аналитический отчёт описывает практику (например, «23 практики по внедрению изменений»)',
    }),
    classification_basis: col(z.string().nullable(), {
      header: 'Основание уровня и типа',
      description: 'Необязательно: на чём основаны уровень и тип практики — слова отчёта или решение проекта по тексту практики',
    }),
    report_order: col(z.int().min(1).nullable(), {
      header: 'Порядок в отчёте',
      description: 'Необязательно: порядковый номер практики в тексте отчёта',
    }),
  },
});
