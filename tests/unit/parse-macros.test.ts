import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Db } from '../../pipelines/lib/duck.ts';
import { installMacros } from '../../pipelines/ingest/sql.ts';
import { textKey } from '../../pipelines/ingest/keys.ts';

let db: Db;
beforeAll(async () => {
  db = await Db.open();
  await installMacros(db);
});
afterAll(() => db.close());

const v = async (sql: string, x: string | null): Promise<unknown> => db.value(`SELECT ${sql} FROM (SELECT $1::VARCHAR AS x)`, [x]);

describe('Russian numbers (nok_num)', () => {
  it.each([
    ['1 391 000,50', 1391000.5],
    ['1\u00a0391\u00a0000,5', 1391000.5],
    ['1391000.5', 1391000.5],
    ['47,3 %', 47.3],
    ['47,3%', 47.3],
    ['−5', -5],
    ['3678000', 3678000],
  ])('%s → %d', async (x, want) => {
    expect(await v('nok_num(x)', x)).toBe(want);
  });
  it.each(['', '  ', '-', '—', '–', 'нет данных', 'Нет данных', 'н/д', null])('«%s» is NULL (no answer), not zero', async (x) => {
    expect(await v('nok_num(x)', x)).toBeNull();
    expect(await v('nok_blank(x)', x)).toBe(true);
  });
  it.each(['abc', '1,391.5', '1.2.3', '12 руб', 'NaN', 'inf'])('«%s» does not parse', async (x) => {
    expect(await v('nok_num(x)', x)).toBeNull();
    expect(await v('nok_blank(x)', x)).toBe(false);
  });
  it('integers reject fractions', async () => {
    expect(await v('nok_int(x)', '21')).toBe(21);
    expect(await v('nok_int(x)', '2,5')).toBeNull();
    expect(await v('nok_int(x)', '1 000')).toBe(1000);
  });
});

describe('decimals printed in a cell (nok_decimals)', () => {
  it.each([
    ['81,25', 2],
    ['81', 0],
    ['47,3 %', 1],
    [' 90.125 ', 3],
    ['1 391 000,50', 2],
    ['н/д', 0],
  ])('%s → %d', async (x, want) => {
    expect(Number(await v('nok_decimals(x)', x))).toBe(want);
  });
});

describe('dates and answers', () => {
  it('parses дд.мм.гггг and дд.мм.гггг чч:мм:сс', async () => {
    expect(((await v('nok_date(x)', '18.09.2023 14:05:09')) as Date).toISOString()).toBe('2023-09-18T14:05:09.000Z');
    expect(((await v('nok_date(x)', '30.08.2023')) as Date).toISOString()).toBe('2023-08-30T00:00:00.000Z');
    expect(await v('nok_date(x)', '31.02.2023')).toBeNull();
  });
  it.each([
    ['Да', true],
    ['да', true],
    ['1', true],
    ['yes', true],
    ['Нет', false],
    ['0', false],
    ['no', false],
    ['', null],
  ])('%s → %s', async (x, want) => {
    expect(await v('nok_bool(x)', x)).toBe(want);
  });
  it('an unknown answer is not a boolean', async () => {
    expect(await v('nok_bool(x)', 'может быть')).toBeNull();
  });
});

describe('ИНН', () => {
  it('accepts valid check digits of 10 and 12 digits', async () => {
    expect(await v('nok_inn_valid(x)', '7707083893')).toBe(true);
    expect(await v('nok_inn_valid(x)', '500100732259')).toBe(true);
  });
  it('rejects a wrong check digit', async () => {
    expect(await v('nok_inn_valid(x)', '7707083894')).toBe(false);
    expect(await v('nok_inn_valid(x)', '500100732258')).toBe(false);
  });
  it('restores a leading zero an Excel number cell dropped, keeps leading zeros', async () => {
    expect(await v('nok_inn(x)', '274062111')).toBe('0274062111');
    expect(await v('nok_inn(x)', '0274062111')).toBe('0274062111');
    expect(await v('nok_inn(x)', '7707083893.0')).toBe('7707083893');
    expect(await v('nok_inn(x)', '77070')).toBeNull();
  });

  it.each([
    ['7707083893', '77'],
    ['9701234567', '77'],
    ['8101000000', '59'],
    ['8200000000', '41'],
    ['8400000000', '24'],
    ['8800000000', '24'],
    ['8500000000', '38'],
    ['8000000000', '75'],
    ['1655000000', '16'],
    ['9100000000', '91'],
  ])('ИНН %s was issued in the region with code %s (nok_inn_region)', async (x, want) => {
    expect(await v('nok_inn_region(x)', x)).toBe(want);
  });
});

describe('comparison keys', () => {
  it('ignore case, ё/е, spaces, dashes, quotes and Latin look-alikes, in TS and SQL alike', async () => {
    const samples = ['  Да, c  использованием  приложения ', 'Кемеровская область — Кузбасс', '«Ёлка»', 'ХМАО – Югра', 'Республика\u00a0Марий Эл'];
    for (const s of samples) expect(await v('nok_key(x)', s)).toBe(textKey(s));
    expect(textKey('Да, c использованием')).toBe(textKey('да, с   использованием'));
    expect(textKey('Кемеровская область — Кузбасс')).toBe(textKey('кемеровская область - кузбасс'));
  });
});

describe('free text (nok_text)', () => {
  it('collapses spaces of every kind but keeps line breaks between paragraphs', async () => {
    expect(await v('nok_text(x)', '  Рейтинг\u00a0 публикуется \r\nна  сайте\n\nминистерства \n')).toBe('Рейтинг публикуется\nна сайте\n\nминистерства');
    expect(await v('nok_text(x)', ' — ')).toBeNull();
  });
});
