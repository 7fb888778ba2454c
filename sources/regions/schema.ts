/**
 * The region dimension: the 89 subjects of the Russian Federation, keyed on
 * the two-digit region code of КЛАДР/ФНС, with the spellings people write
 * and the tile-grid positions of the map. Reference data: always loaded from
 * this folder, never from a user's input folder.
 */
import { z } from 'zod';
import { defineSource, col } from '../../pipelines/ingest/spec.ts';

const code = (description: string, header = 'region_code') =>
  col(z.string().regex(/^\d{2}$/), { header, description, required: true });

export const region = defineSource({
  name: 'region',
  title: 'Субъекты Российской Федерации',
  description: 'Справочник 89 субъектов РФ: коды, названия, федеральные округа, коды ISO 3166-2, ОКАТО и ОКТМО. Составлен по открытым сведениям (Конституция РФ, ст. 65; классификаторы ОКАТО и ОКТМО; КЛАДР).',
  layout: 'sources/regions/README.md',
  reference: true,
  files: ['regions.csv'],
  key: ['region_code'],
  columns: {
    region_code: code('Код региона КЛАДР/ФНС (две цифры; первые две цифры ИНН организаций региона)'),
    name: col(z.string().min(3), { header: 'name', description: 'Официальное полное наименование субъекта (Конституция РФ, ст. 65)', required: true }),
    short_name: col(z.string().min(3), { header: 'short_name', description: 'Краткое наименование для таблиц', required: true }),
    tile_label: col(z.string().min(1).max(6), { header: 'tile_label', description: 'Подпись клетки на плиточной карте (до 6 знаков)', required: true }),
    subject_type: col(z.enum(['республика', 'край', 'область', 'город федерального значения', 'автономная область', 'автономный округ']), {
      header: 'subject_type',
      description: 'Вид субъекта',
      required: true,
    }),
    federal_district: col(z.string(), { header: 'federal_district', description: 'Федеральный округ (полное название)', required: true }),
    federal_district_short: col(z.enum(['ЦФО', 'СЗФО', 'ЮФО', 'СКФО', 'ПФО', 'УФО', 'СФО', 'ДФО']), {
      header: 'federal_district_short',
      description: 'Федеральный округ (сокращение)',
      required: true,
    }),
    iso_3166_2: col(z.string().regex(/^RU-[A-Z]{2,3}$/).nullable(), { header: 'iso_3166_2', description: 'Код ISO 3166-2:RU (нет для субъектов, которых нет в стандарте)' }),
    okato: col(z.string().regex(/^\d+$/).nullable(), { header: 'okato', required: true, description: 'Код ОКАТО (префикс; для автономных округов в составе области — длиннее двух цифр; пусто для субъектов 2022 года: коды не подтверждены)' }),
    oktmo: col(z.string().regex(/^\d+$/).nullable(), { header: 'oktmo', required: true, description: 'Код ОКТМО (префикс; пусто для субъектов 2022 года: коды не подтверждены)' }),
    is_enclave_okrug: col(z.boolean(), { header: 'is_enclave_okrug', description: 'Автономный округ, входящий в состав области (НАО, ХМАО, ЯНАО)', required: true }),
    parent_region_code: col(z.string().regex(/^\d{2}$/).nullable(), { header: 'parent_region_code', description: 'Код области, в состав которой входит автономный округ' }),
    joined_year: col(z.int().min(2014).max(2100).nullable(), { header: 'joined_year', description: 'Год принятия в состав РФ (2014, 2022), для остальных пусто' }),
    capital: col(z.string(), { header: 'capital', description: 'Административный центр', required: true }),
  },
});

export const regionAlias = defineSource({
  name: 'region_alias',
  title: 'Варианты написания регионов',
  description: 'Неофициальные и сокращённые названия, которые пишут респонденты (Кузбасс, Югра, ХМАО, Якутия …), с кодом субъекта. Неоднозначных (Алтай) здесь нет: они уходят в карантин.',
  layout: 'sources/regions/README.md',
  reference: true,
  files: ['aliases.csv'],
  key: ['alias'],
  columns: {
    alias: col(z.string().min(1), { header: 'alias', description: 'Написание', required: true }),
    region_code: code('Код субъекта'),
    note: col(z.string().nullable(), { header: 'note', description: 'Пояснение' }),
  },
});

export const regionTile = defineSource({
  name: 'region_tile',
  title: 'Клетки плиточной карты',
  description: 'Положение каждого субъекта на плиточной карте России (столбец и строка сетки, строка 0 — верх). Данные проекта.',
  layout: 'sources/regions/README.md',
  reference: true,
  files: ['tile_grid.csv'],
  key: ['region_code'],
  columns: {
    region_code: code('Код субъекта'),
    col: col(z.int().min(0).max(40), { header: 'col', description: 'Столбец сетки (0 — запад)', required: true }),
    row: col(z.int().min(0).max(20), { header: 'row', description: 'Строка сетки (0 — север)', required: true }),
  },
});

export default [region, regionAlias, regionTile];
