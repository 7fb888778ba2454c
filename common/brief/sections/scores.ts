// Section «Баллы НОК и их динамика»: Russia, districts, spheres and, for a region, its own.
import { isMissing, toNumber } from '@nok-atlas/common/fmt.js';
import { regionHead, type Ctx } from '../context.ts';
import { joinParts, pl, t, type FactOptions, type PartLike } from '../facts.ts';
import { ALL_SPHERES, COUNTRY, CRITERION_KEYS, criterionLabel, criterionName, type Criterion } from '../marts.ts';
import type { Block, Item, Row } from '../types.ts';
import { apart, hasInterval, interval, neighbourItem, place, sameEdition, uncertaintyItems } from './compare.ts';
import { byNum, byText, isTrue, sorted } from '../values.ts';

/** The criterion with the lowest (dir 1) or highest (dir −1) value in a row of scores. */
export function extremeCriterion(row: Row, dir: 1 | -1): Criterion | null {
  let best: { k: Criterion; v: number } | null = null;
  for (const k of CRITERION_KEYS) {
    const v = toNumber(row[k]);
    if (v === null) continue;
    if (!best || dir * v < dir * best.v) best = { k, v };
  }
  return best?.k ?? null;
}

/**
 * A series year by year, each year by the edition most organizations were assessed by — the marts' column
 * is_prevailing_edition, the edition the scores page shows by default (a row without the column: one edition).
 */
export function prevailingByYear(rows: Row[]): Row[] {
  return sorted(
    rows.filter((r) => toNumber(r.year) !== null && (r.is_prevailing_edition === undefined || isTrue(r.is_prevailing_edition))),
    byNum((r) => r.year),
  );
}

/** The dynamics of a series: the years of the last year's edition, then the years of other editions apart, on their own scale. */
function dynamicsItems(series: Row[], value: (r: Row) => PartLike, year: (r: Row) => PartLike): Item[] {
  const last = series[series.length - 1];
  if (!last) return [];
  const same = series.filter((r) => sameEdition(r, last));
  const other = series.filter((r) => !sameEdition(r, last));
  const items: Item[] = [];
  if (same.length > 1) items.push({ parts: t`Динамика: ${joinParts(same.map((r) => t`${year(r)} — ${value(r)}`), '; ')}.` });
  if (other.length) {
    items.push({ parts: t`По другой редакции методики (шкала другая, с годами выше не сравнивается): ${joinParts(other.map((r) => t`${year(r)} — ${value(r)}`), '; ')}.` });
  }
  return items;
}

export function scoresBlocks(ctx: Ctx): Block[] {
  const { T, F, scope } = ctx;
  const blocks: Block[] = [];
  const ds = T.nok_district_score ?? [];
  const rf = prevailingByYear(ds.filter((r) => r.district === COUNTRY && r.sphere === ALL_SPHERES));
  const last = rf[rf.length - 1];
  if (!last) return [{ type: 'note', parts: ['Баллов НОК по России в хранилище нет.'] }];
  const year = toNumber(last.year);
  const fy = (r: Row) => F.fact(r.region_code ? 'nok_region_score' : 'nok_district_score', r, 'year', { text: 'год оценки', fmt: 'year' });
  const ds1 = (r: Row, col: string, text: string, fmt = 'num1', extra: FactOptions = {}) => F.fact('nok_district_score', r, col, { text, fmt, ...extra });
  const items: Item[] = [];
  const nOrgs = ds1(last, 'n_orgs', 'организаций с баллами', 'int');
  const nRegions = ds1(last, 'n_regions', 'регионов с баллами', 'int');
  items.push({
    parts: t`Средний итоговый балл НОК по России в ${fy(last)} году — ${ds1(last, 'total', 'средний итоговый балл по России')} (${nOrgs} ${pl(nOrgs, 'организация', 'организации', 'организаций')} в ${nRegions} ${pl(nRegions, 'регионе', 'регионах', 'регионах')}).`,
  });
  items.push(...dynamicsItems(rf, (r) => t`${ds1(r, 'total', 'средний итоговый балл по России')}`, fy));
  if (!isMissing(last.total_change)) {
    const ch = toNumber(last.total_change) ?? 0;
    items.push({ parts: t`За последний год балл ${ch >= 0 ? 'вырос' : 'снизился'} на ${ds1(last, 'total_change', 'изменение среднего балла к предыдущему году', 'num1', { abs: true })} балла.` });
  }
  const crit = CRITERION_KEYS.filter((k) => !isMissing(last[k]));
  if (crit.length) {
    items.push({ parts: t`По критериям: ${joinParts(crit.map((k) => t`${criterionLabel(k)} «${criterionName(k)}» — ${ds1(last, k, `средний балл ${criterionLabel(k)} по России`)}`), '; ')}.` });
  }
  const spheres = sorted(
    ds.filter((r) => r.district === COUNTRY && toNumber(r.year) === year && r.sphere !== ALL_SPHERES && sameEdition(r, last)),
    byNum((r) => r.total),
    byText((r) => r.sphere),
  );
  if (spheres.length > 1) {
    items.push({ parts: t`По сферам (от низшего балла к высшему): ${joinParts(spheres.map((r) => t`${r.sphere} — ${ds1(r, 'total', `средний итоговый балл: ${r.sphere}`)} (${ds1(r, 'n_orgs', `организаций: ${r.sphere}`, 'int')} орг.)`), '; ')}.` });
  }
  const districts = sorted(
    ds.filter((r) => r.district !== COUNTRY && toNumber(r.year) === year && r.sphere === ALL_SPHERES && sameEdition(r, last)),
    byNum((r) => r.total, -1),
    byText((r) => r.district),
  );
  if (districts.length > 1) {
    const hi = districts[0]!;
    const lo = districts[districts.length - 1]!;
    const both = hasInterval(hi) && hasInterval(lo);
    const ci = (r: Row) => (both ? t`; 95-процентный интервал — ${interval(ctx, 'nok_district_score', r, String(r.district_name ?? r.district))}` : '');
    items.push({
      parts: t`Среди федеральных округов самый высокий средний балл — ${ds1(hi, 'district_name', 'федеральный округ', 'text')} (${ds1(hi, 'total', 'средний итоговый балл округа')}${ci(hi)}), самый низкий — ${ds1(lo, 'district_name', 'федеральный округ', 'text')} (${ds1(lo, 'total', 'средний итоговый балл округа')}${ci(lo)})${both && !apart(hi, lo) ? '; интервалы пересекаются — разница между округами может быть случайной' : ''}.`,
    });
  }
  blocks.push({ type: 'ul', items });
  ctx.scores = { rf: last, weakest: extremeCriterion(last, 1), strongest: extremeCriterion(last, -1) };
  if (scope.region_code) blocks.push(...regionBlocks(ctx, ds));
  return blocks;
}

function regionBlocks(ctx: Ctx, ds: Row[]): Block[] {
  const { T, F, scope } = ctx;
  const fy = (r: Row) => F.fact('nok_region_score', r, 'year', { text: 'год оценки', fmt: 'year' });
  const ds1 = (r: Row, col: string, text: string) => F.fact('nok_district_score', r, col, { text, fmt: 'num1' });
  const scores = T.nok_region_score ?? [];
  const rs = prevailingByYear(scores.filter((r) => r.region_code === scope.region_code && r.sphere === ALL_SPHERES));
  const rl = rs[rs.length - 1];
  if (!rl) return [{ type: 'note', parts: t`${scope.region_name}: баллов НОК в хранилище нет.` }];
  const rx = (r: Row, col: string, text: string, fmt = 'num1', extra: FactOptions = {}) => F.fact('nok_region_score', r, col, { text, fmt, ...extra });
  const ri: Item[] = [];
  const fdRow = ds.find((r) => r.district === rl.federal_district_short && toNumber(r.year) === toNumber(rl.year) && r.sphere === ALL_SPHERES && sameEdition(r, rl));
  const rfRow = ds.find((r) => r.district === COUNTRY && toNumber(r.year) === toNumber(rl.year) && r.sphere === ALL_SPHERES && sameEdition(r, rl));
  const nOrgs = rx(rl, 'n_orgs', 'организаций региона с баллами', 'int');
  ri.push({
    parts: t`Средний итоговый балл в ${fy(rl)} году — ${rx(rl, 'total', 'средний итоговый балл региона')} (${hasInterval(rl) ? t`95-процентный интервал — ${interval(ctx, 'nok_region_score', rl, 'средний итоговый балл региона')}; ` : ''}${nOrgs} ${pl(nOrgs, 'организация', 'организации', 'организаций')}); ${place(ctx, rl)}${fdRow ? t`; по округу — ${ds1(fdRow, 'total', 'средний итоговый балл округа')}${hasInterval(fdRow) ? t` (${interval(ctx, 'nok_district_score', fdRow, 'средний итоговый балл округа')})` : ''}` : ''}${rfRow ? t`, по России — ${ds1(rfRow, 'total', 'средний итоговый балл по России')}` : ''}.`,
  });
  ri.push(...uncertaintyItems(ctx, rl));
  const nb = neighbourItem(ctx, rl);
  if (nb) ri.push(nb);
  ri.push(...dynamicsItems(rs, (r) => t`${rx(r, 'total', 'средний итоговый балл региона')}`, fy));
  if (!isMissing(rl.total_change)) {
    const ch = toNumber(rl.total_change) ?? 0;
    ri.push({ parts: t`За последний год балл региона ${ch >= 0 ? 'вырос' : 'снизился'} на ${rx(rl, 'total_change', 'изменение балла региона к предыдущему году', 'num1', { abs: true })} балла.` });
  }
  const rc = CRITERION_KEYS.filter((k) => !isMissing(rl[k]));
  if (rc.length) ri.push({ parts: t`По критериям: ${joinParts(rc.map((k) => t`${criterionLabel(k)} — ${rx(rl, k, `балл ${criterionLabel(k)} региона`)}`), '; ')}.` });
  const rsp = sorted(
    scores.filter((r) => r.region_code === scope.region_code && toNumber(r.year) === toNumber(rl.year) && r.sphere !== ALL_SPHERES && sameEdition(r, rl)),
    byNum((r) => r.total),
    byText((r) => r.sphere),
  );
  if (rsp.length > 1) ri.push({ parts: t`По сферам: ${joinParts(rsp.map((r) => t`${r.sphere} — ${rx(r, 'total', `средний итоговый балл региона: ${r.sphere}`)}`), '; ')}.` });
  ctx.regionScores = { last: rl, rf: rfRow, fd: fdRow, weakest: extremeCriterion(rl, 1) };
  return [regionHead(scope), { type: 'ul', items: ri }];
}
