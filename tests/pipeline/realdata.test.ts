/**
 * Real published NOK results as they come (issue 13): no ИНН, totals only, criteria printed as whole numbers,
 * a branch with its parent's ИНН in another region, a 2016 row on the earlier scale, one school written three
 * ways across years, «№ 5» and «№ 15» kept apart, a typo reported (not merged) until a decision merges it.
 * The files go through the real loader and the score models.
 */
import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../../pipelines/lib/paths.ts';
import type { Db } from '../../pipelines/lib/duck.ts';
import { scoreWarehouse, inn10, ENGINE_MODELS } from '../unit/nok-score-helpers.ts';

const PARENT = inn10('770100007');
const HEADER =
  'Год проведения оценки;Субъект РФ;Сфера;ИНН;Наименование организации;Открытость и доступность информации;Комфортность условий;Доступность услуг для инвалидов;Доброжелательность, вежливость работников;Удовлетворенность условиями оказания услуг;Итоговый балл;Источник';
const ROWS = [
  /* 2 */ `2021;Москва;образование;;МБДОУ «Детский сад № 9»;100;99;82;99;98;95,36;https://example.org/ds9-2021`,
  /* 3 */ `2022;Москва;образование;;Муниципальное бюджетное дошкольное образовательное учреждение "детский сад №9" (г. Москва);;;;;;96,10;`,
  /* 4 */ `2023;Москва;образование;;мбдоу д/с N 9;97;98;80;99;99;94,6;`,
  /* 5 */ `2023;Москва;образование;;МБОУ СОШ № 5;90;90;90;90;90;90;`,
  /* 6 */ `2023;Москва;образование;;МБОУ «СОШ №15»;91;91;91;91;91;91;`,
  /* 7 */ `2023;Москва;социальное обслуживание;${PARENT};ГБУ «Центр социального обслуживания «Надежда»;92;92;92;92;92;92;`,
  /* 8 */ `2023;Татарстан;социальное обслуживание;${PARENT};Филиал ГБУ «Центр социального обслуживания «Надежда» в г. Казани;;;;;;88;`,
  /* 9 */ `2016;Москва;культура;;МБУК «Дом культуры «Юность»;;;;;;135,9;`,
  /* 10 */ `2023;Москва;культура;;МБУК «Дом культуры «Юнность»;96,85;99,30;56,57;;99,84;90,43;`,
  /* 11 */ `2023;Москва;образование;;;;;;;;90;`,
  /* 12 */ `2023;Москва;образование;;МБДОУ «Детский сад № 12»;100;100;100;100;100;90;`,
  /* 13 */ `2023;Москва;образование;;МБДОУ «Детский сад № 14»;;;;;;135;`,
  /* 14 */ `2019;Москва;культура;;МУК «Искра»;98,40;97,50;71,60;94,80;95,70;91,60;`,
  /* 15 */ `2024;Москва;образование;;МБДОУ ЦРР – детский сад «Аленушка»;;;;;;100;`,
  /* 16 */ `2024;Москва;образование;;МБДОУ ЦРР – детский сад «Рябинка»;;;;;;100;`,
  /* 17 */ `2023;Москва;образование;;МАОУ СОШ № 5;;;;;;88;`,
  /* 18 */ `2023;Москва;социальное обслуживание;;ГБУ «Центр социального обслуживания «Надежда»;;;;;;97,5;`,
];
const results = [HEADER, ...ROWS].join('\n');

type Score = { org_id: string; inn: string | null; year: number; region_code: string; org_name: string; total: number; is_total_only: boolean; methodology_edition: string; k4: number | null; source_url: string | null };

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

const rules = async (d: Db, table: 'quarantine' | 'warning'): Promise<string[]> =>
  (await d.all<{ r: string }>(`SELECT row_number || ':' || rule AS r FROM meta.${table} WHERE source = 'nok_results' ORDER BY row_number, rule`)).map((x) => x.r);

describe('real published NOK results load as they are published', { timeout: 120_000 }, () => {
  it('every row loaded or quarantined for something really wrong; identity, totals only, editions, branches', async () => {
    db = await scoreWarehouse({ 'nok_results/published.csv': results });
    // quarantined: no name and no ИНН (11); a 2023 total above 100 (13)
    expect(await rules(db, 'quarantine')).toEqual(['11:org_unidentified', '13:range']);
    const loaded = Number(await db.value(`SELECT count(*) FROM raw.nok_results`));
    expect(loaded + 2).toBe(ROWS.length);
    // warnings: a total that is not the mean (12); the branch in another region (8); the typo (10 vs 9: not merged)
    const w = await rules(db, 'warning');
    expect(w).toContain('12:total_vs_mean');
    expect(w).toContain('8:inn_region_unit');
    expect(w).not.toContain('2:total_vs_mean'); // 95,36 is the mean of the unrounded criteria 100/99/82/99/98
    expect(w).not.toContain('14:total_vs_mean');
    // loose matches: a typo (Юность / Юнность) and a changed legal form (МБОУ / МАОУ СОШ № 5), both reported with
    // both names and kept apart; two kindergartens with different proper names are not reported
    const similar = await db.all<{ row_number: number; message: string }>(`SELECT row_number, message FROM meta.warning WHERE rule = 'org_name_similar' ORDER BY message`);
    expect(similar).toHaveLength(2);
    expect(similar.find((x) => x.message.includes('Юность'))!.message).toContain('Юнность');
    expect(similar.find((x) => x.message.includes('МАОУ'))!.message).toContain('МБОУ СОШ № 5');
    expect(similar.some((x) => x.message.includes('Рябинка'))).toBe(false);

    const s = await db.all<Score>(`SELECT * FROM marts.nok_score ORDER BY year, org_name`);
    const byName = (re: RegExp): Score[] => s.filter((r) => re.test(r.org_name));
    // one school written three ways across years is one organization
    const ds9 = byName(/(сад|д\/с) ?№ ?9|N 9/i);
    expect(ds9.map((r) => r.year)).toEqual([2021, 2022, 2023]);
    expect(new Set(ds9.map((r) => r.org_id)).size).toBe(1);
    expect(ds9.find((r) => r.year === 2022)!.is_total_only).toBe(true);
    expect(ds9.find((r) => r.year === 2021)!.is_total_only).toBe(false);
    expect(ds9.find((r) => r.year === 2021)!.source_url).toBe('https://example.org/ds9-2021');
    // «№ 5» and «№ 15» stay apart
    const sosh = byName(/СОШ/);
    expect(sosh).toHaveLength(3);
    expect(new Set(sosh.map((r) => r.org_id)).size).toBe(3);
    // the branch with its parent's ИНН in another region is its own organization, under the parent's ИНН
    const centre = byName(/Надежда/);
    expect(centre).toHaveLength(2);
    expect(new Set(centre.map((r) => r.org_id)).size).toBe(2);
    expect(centre.every((r) => r.inn === PARENT)).toBe(true);
    expect(centre.find((r) => /Филиал/.test(r.org_name))!.region_code).toBe('16');
    // the centre is published twice for 2023, with its ИНН (row 7) and without it (row 18): the name ties both rows
    // to one organization; the first row of the file is the one scored, the repeat only kept in the identity table
    expect(centre.find((r) => r.region_code === '77')!.total).toBeCloseTo(92, 9);
    const repeats = await db.all<{ source_row: number }>(`SELECT source_row FROM intermediate.int_nok_org_identity WHERE NOT is_first_of_year`);
    expect(repeats.map((r) => Number(r.source_row))).toEqual([18]);
    // editions: 2016 → 2014 (its own scale: 135,9 loads), 2019+ → 2018
    expect(byName(/Юность/)[0]!).toMatchObject({ year: 2016, methodology_edition: '2014', total: 135.9 });
    expect(s.filter((r) => r.year >= 2019).every((r) => r.methodology_edition === '2018')).toBe(true);
    // some criteria: the unprinted one stays empty
    expect(byName(/Юнность/)[0]!.k4).toBeNull();

    const orgs = await db.all<{ org_id: string; match_method: string; names_seen: number; first_year: number; last_year: number; is_unit: boolean; inn: string | null }>(`SELECT * FROM marts.organization`);
    const ds9org = orgs.find((o) => o.org_id === ds9[0]!.org_id)!;
    expect(ds9org).toMatchObject({ match_method: 'name', names_seen: 3, first_year: 2021, last_year: 2023 });
    expect(orgs.filter((o) => o.inn === PARENT).map((o) => o.is_unit).sort()).toEqual([false, true]);
  });

  it('a decision in nok_org_links merges the loosely matching names (and «разделить» silences the warning)', async () => {
    const merge = ['Наименование 1;Наименование 2;Решение', 'МБУК «Дом культуры «Юность»;МБУК «Дом культуры «Юнность»;объединить'].join('\n');
    db = await scoreWarehouse({ 'nok_results/published.csv': results, 'nok_org_links/links.csv': merge });
    const ids = await db.all<{ org_id: string }>(`SELECT DISTINCT org_id FROM marts.nok_score WHERE org_name LIKE '%Юн%'`);
    expect(ids).toHaveLength(1);
    expect(Number(await db.value(`SELECT count(*) FROM meta.warning WHERE rule = 'org_name_similar' AND message LIKE '%Юн%'`))).toBe(0);
    db.close();
    db = await scoreWarehouse({ 'nok_results/published.csv': results, 'nok_org_links/links.csv': merge.replace('объединить', 'разделить') });
    expect(await db.all(`SELECT DISTINCT org_id FROM marts.nok_score WHERE org_name LIKE '%Юн%'`)).toHaveLength(2);
    expect(Number(await db.value(`SELECT count(*) FROM meta.warning WHERE rule = 'org_name_similar' AND message LIKE '%Юн%'`))).toBe(0);
  });
});

describe('a bus.gov.ru rating export with its mapping file (_columns.json)', { timeout: 120_000 }, () => {
  it('headers, spheres and the region the file lacks come from the mapping; the institution id identifies the organization', async () => {
    const dir = path.join(paths.root, 'tests', 'fixtures', 'realdata', 'busgov');
    const files: Record<string, string> = {};
    for (const f of ['nok_results/culture-66/rating.csv', 'nok_results/culture-66/_columns.json']) files[f] = fs.readFileSync(path.join(dir, f), 'utf8');
    db = await scoreWarehouse(files);
    expect(Number(await db.value(`SELECT count(*) FROM meta.quarantine`))).toBe(0);
    const s = await db.all<{ org_id: string; busgov_id: string; year: number; region_code: string; sphere: string; k3: number; k4: number; total: number | null; rank_published: number }>(
      `SELECT s.*, o.busgov_id FROM marts.nok_score s JOIN marts.organization o USING (org_id) ORDER BY busgov_id, year`,
    );
    expect(s.map((r) => [r.busgov_id, r.year, r.region_code, r.sphere])).toEqual([
      ['100001', 2022, '77', 'культура'],
      ['100001', 2023, '77', 'культура'],
      ['100002', 2023, '77', 'культура'],
      ['100003', 2023, '77', 'социальное обслуживание'],
    ]);
    expect(s[0]!.org_id).toBe(s[1]!.org_id);
    expect(s[1]).toMatchObject({ k3: 71.4, k4: 99.8, rank_published: 1532 });
    // no total in the export: under 344н the total is the mean of the five criteria; nothing was published for it
    expect(s[1]!.total).toBeCloseTo((97.2 + 98 + 71.4 + 99.8 + 100) / 5, 9);
    expect(await db.value(`SELECT published_total FROM marts.nok_score WHERE org_id = '${s[1]!.org_id}' AND year = 2023`)).toBeNull();
    expect(await db.value(`SELECT match_method FROM marts.organization WHERE busgov_id = '100001'`)).toBe('busgov_id');
    // the short name and nothing else is left over
    expect(await db.value(`SELECT columns_extra FROM meta.load_report WHERE source = 'nok_results'`)).toBe('Сокращенное наименование учреждения');
  });

  it('a mapping that names a column the layout lacks stops the load with the file and the layout headers named', async () => {
    const dir = path.join(paths.root, 'tests', 'fixtures', 'realdata', 'busgov');
    const csvText = fs.readFileSync(path.join(dir, 'nok_results/culture-66/rating.csv'), 'utf8');
    await expect(scoreWarehouse({ 'nok_results/r.csv': csvText, 'nok_results/r.csv.columns.json': JSON.stringify({ columns: { 'Группа организаций': 'Группа' } }) })).rejects.toThrow(
      /нет в макете.*«Группа»/s,
    );
  });
});

describe('an operator indicator card (layout nok_indicators)', { timeout: 120_000 }, () => {
  it('criteria and total computed from the printed indicators with the weights, beside the published result of the same organization', async () => {
    const card = [
      'Год проведения оценки;Субъект РФ;Сфера;Наименование организации;1.1 Пинф;Пдист;Поткрудоб;Пкомф.усл;Пожид;Пкомфуд;Поргдост;Пуслугдост;Пдостуд;Пперв.контуд;Показ.услуд;Пвежл.дистуд;Преком;Порг.услуд;Пуд',
      '2023;Москва;культура;МАУК «ДК «Октябрь»;100;90;95;100;;98;60;80;70;99;98;100;97;96;98',
      // a card with an indicator not printed: its criterion (К3) is not computed, nor the total
      '2023;Москва;культура;МБУК «Библиотека № 3»;100;90;95;100;;98;;80;70;99;98;100;97;96;98',
    ];
    // a card with the ИНН: the organization is the published one with that ИНН, whatever the name
    const THEATRE = inn10('770100011');
    const byInn = [
      card[0]!.replace('Сфера;', 'Сфера;ИНН;'),
      `2023;Москва;культура;${THEATRE};Театр (карточка оператора);100;90;95;100;;98;60;80;70;99;98;100;97;96;98`,
    ].join('\n');
    const published = [
      HEADER,
      '2023;Москва;культура;;Муниципальное автономное учреждение культуры «Дом культуры «Октябрь»;95;99;71;98,8;97,3;92,22;',
      `2023;Москва;культура;${THEATRE};ГАУК «Театр на Тверской»;95;99;71;98,8;97,3;92,2;`,
    ].join('\n');
    db = await scoreWarehouse({ 'nok_indicators/card.csv': card.join('\n'), 'nok_indicators/inn.csv': byInn, 'nok_results/r.csv': published });
    const all = await db.all<Record<string, number | string | null>>(`SELECT * FROM marts.nok_score_check WHERE computed_from = 'indicators' ORDER BY total_computed NULLS LAST, inn NULLS FIRST`);
    expect(all).toHaveLength(3);
    const theatre = all.find((r) => r.inn === THEATRE)!;
    expect(theatre.total_published).toBe(92.2);
    const rows = all.filter((r) => r !== theatre);
    const [dk, lib] = rows;
    // К1 = 0,3·100 + 0,3·90 + 0,4·95 = 95; К2 (culture: 2.1 and 2.3 at 0,5) = 99; К3 = 0,3·60 + 0,4·80 + 0,3·70 = 71;
    // К4 = 0,4·99 + 0,4·98 + 0,2·100 = 98,8; К5 = 0,3·97 + 0,2·96 + 0,5·98 = 97,3; total = 461,1 / 5 = 92,22
    expect(dk!.k1_computed).toBeCloseTo(95, 9);
    expect(dk!.k2_computed).toBeCloseTo(99, 9);
    expect(dk!.k3_computed).toBeCloseTo(71, 9);
    expect(dk!.k4_computed).toBeCloseTo(98.8, 9);
    expect(dk!.k5_computed).toBeCloseTo(97.3, 9);
    expect(dk!.total_computed).toBeCloseTo(92.22, 9);
    // the card and the published result (written in full, not abbreviated) are one organization
    expect(dk!.total_published).toBe(92.22);
    expect(dk!.is_agreeing).toBe(true);
    expect(lib!.k3_computed).toBeNull();
    expect(lib!.total_computed).toBeNull();
    expect(lib!.k1_computed).toBeCloseTo(95, 9);
    expect(lib!.total_published).toBeNull();
  });

  it('a year assessed by two editions: its prevailing one (most organizations; ties: the later) is marked in the score marts, the other kept apart', async () => {
    const header = HEADER.replace(';Источник', ';Редакция методики');
    const published = [
      header,
      // 2023, education in Москва: three by the 2018 edition, one by the 2024 one
      '2023;Москва;образование;;МБОУ СОШ № 1;;;;;;90;2018',
      '2023;Москва;образование;;МБОУ СОШ № 2;;;;;;91;2018',
      '2023;Москва;образование;;МБОУ СОШ № 3;;;;;;92;2018',
      '2023;Москва;образование;;МБОУ СОШ № 4;;;;;;99;2024',
      // 2023, culture in Татарстан: one and one (a tie: the later edition prevails)
      '2023;Татарстан;культура;;МБУК «Клуб № 1»;;;;;;80;2018',
      '2023;Татарстан;культура;;МБУК «Клуб № 2»;;;;;;85;2024',
    ].join('\n');
    db = await scoreWarehouse({ 'nok_results/editions.csv': published }, new RegExp(`${ENGINE_MODELS.source}|^(int_(compare_setting|t_quantile|region_rank)|nok_(region|district)_score)\\.`));
    const region = await db.all<{ key: string }>(
      `SELECT region_code || ' ' || sphere || ' ' || methodology_edition || ' ' || n_orgs AS key FROM marts.nok_region_score WHERE is_prevailing_edition ORDER BY key`,
    );
    expect(region.map((r) => r.key)).toEqual(['16 все сферы 2024 1', '16 культура 2024 1', '77 все сферы 2018 3', '77 образование 2018 3']);
    expect(Number(await db.value(`SELECT count(*) FROM marts.nok_region_score WHERE NOT is_prevailing_edition`))).toBe(4);
    // Russia, all spheres: four by 2018 against two by 2024; each district its own
    const district = await db.all<{ key: string }>(
      `SELECT district || ' ' || sphere || ' ' || methodology_edition || ' ' || n_orgs AS key FROM marts.nok_district_score WHERE is_prevailing_edition AND sphere = 'все сферы' ORDER BY key`,
    );
    expect(district.map((r) => r.key)).toEqual(['ПФО все сферы 2024 1', 'РФ все сферы 2018 4', 'ЦФО все сферы 2018 3']);
  });
});
