/**
 * Layout 5 (docs/formats.md#observations; the indicators computed from it: docs/methodology.md#indicators): the operator's observations of each
 * organization and year — stands, website, remote channels, comfort and
 * accessibility conditions.
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';
import { NOK_SPHERES } from '../nok_results/schema.ts';

const n = (header: string, description: string, max?: number) =>
  col((max === undefined ? z.int().min(0) : z.int().min(0).max(max)).nullable(), { header, description });

export default defineSource({
  name: 'observations',
  title: 'Наблюдения оператора',
  description: 'Что оператор проверил в организации: информация на стендах и сайте (размещено / требуется), дистанционные способы связи, условия комфортности и доступности.',
  layout: 'docs/formats.md#observations',
  key: ['inn', 'year'],
  columns: {
    year: col(z.int().min(2013).max(2100), { header: 'Год', required: true, description: 'Год оценки' }),
    inn: col(z.string().regex(/^(\d{10}|\d{12})$/), { header: 'ИНН', parse: 'inn', required: true, description: 'ИНН организации' }),
    sphere: col(z.enum(NOK_SPHERES), { header: 'Сфера', required: true, description: 'Сфера организации' }),
    stand_present: n('Информация на стендах: размещено', 'Элементов информации на стендах: размещено'),
    stand_required: n('Информация на стендах: требуется', 'Элементов информации на стендах: требуется'),
    site_present: n('Информация на сайте: размещено', 'Элементов информации на сайте: размещено (нет сайта — 0)'),
    site_required: n('Информация на сайте: требуется', 'Элементов информации на сайте: требуется'),
    remote_channels: n('Дистанционные способы обратной связи', 'Работающих дистанционных способов обратной связи (0–6)', 6),
    comfort_conditions: n('Комфортные условия', 'Условий комфортности в наличии'),
    premises_conditions: n('Доступность помещений и территории', 'Условий доступности помещений и территории для инвалидов'),
    service_conditions: n('Условия доступности услуг', 'Условий, позволяющих инвалидам получать услуги наравне с другими'),
  },
  rules: [
    {
      id: 'present_above_required',
      severity: 'error',
      column: 'stand_present',
      when: 'stand_present > stand_required',
      message: `'Информация на стендах: размещено элементов — ' || stand_present || ', требуется — ' || stand_required || '; размещено не может быть больше требуемого'`,
    },
    {
      id: 'present_above_required',
      severity: 'error',
      column: 'site_present',
      when: 'site_present > site_required',
      message: `'Информация на сайте: размещено элементов — ' || site_present || ', требуется — ' || site_required || '; размещено не может быть больше требуемого'`,
    },
  ],
});
