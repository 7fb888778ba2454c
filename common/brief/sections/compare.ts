// How the brief compares regions and districts honestly (marts of issue 14): a mean with its
// 95 % interval, a place with its range of plausible places, the comparison with Russia that
// the interval allows, and statistical neighbours — regions with similar conditions — beside the
// federal district. Each piece is used only when its columns are in the mart.
import { isMissing, toNumber } from '@nok-atlas/common/fmt.js';
import type { Ctx } from '../context.ts';
import { joinParts, t } from '../facts.ts';
import { ALL_SPHERES } from '../marts.ts';
import type { Item, Part, Row } from '../types.ts';
import { byNum, sorted } from '../values.ts';

export const hasInterval = (r: Row | undefined): r is Row => !!r && !isMissing(r.total_ci_low) && !isMissing(r.total_ci_high);

/** «от 85,4 до 87,9»: the 95 % interval of a row's mean total, as two facts. */
export function interval(ctx: Ctx, mart: string, r: Row, what: string): Part[] {
  const f = (col: string, bound: string) => ctx.F.fact(mart, r, col, { text: `${bound} граница 95 % интервала: ${what}`, fmt: 'num1' });
  return t`от ${f('total_ci_low', 'нижняя')} до ${f('total_ci_high', 'верхняя')}`;
}

/** Scores of one edition of the methodology are on one scale: rows of another edition are not compared with them (a mart without the column: one edition). */
export const sameEdition = (r: Row, ref: Row): boolean => isMissing(ref.methodology_edition) || r.methodology_edition === ref.methodology_edition;

/** The intervals of two means do not overlap. */
export const apart = (a: Row, b: Row): boolean =>
  (toNumber(a.total_ci_low) ?? NaN) > (toNumber(b.total_ci_high) ?? NaN) || (toNumber(b.total_ci_low) ?? NaN) > (toNumber(a.total_ci_high) ?? NaN);

/**
 * The region's place: «78-е место (60–82) из 89» with the range of plausible places when the
 * mart has it; «места нет» when the region has too few organizations to be ranked.
 */
export function place(ctx: Ctx, r: Row): Part[] {
  const fx = (col: string, text: string) => ctx.F.fact('nok_region_score', r, col, { text, fmt: 'int' });
  if (!('rank_low' in r)) return t`${fx('rank_total', 'место региона по среднему баллу (1 — высший)')}-е место из ${fx('n_regions', 'регионов с баллами')}`;
  if (isMissing(r.rank_total)) return ['места нет: организаций с баллами слишком мало для сравнения'];
  const of = 'n_regions_ranked' in r ? fx('n_regions_ranked', 'регионов с местом') : fx('n_regions', 'регионов с баллами');
  return t`${fx('rank_total', 'место региона по среднему баллу (1 — высший)')}-е место (${fx('rank_low', 'лучшее правдоподобное место (95 %)')}–${fx('rank_high', 'худшее правдоподобное место (95 %)')}) из ${of}`;
}

const VS_RUSSIA: Record<string, string> = {
  выше: 'весь 95-процентный интервал региона выше среднего по России',
  ниже: 'весь 95-процентный интервал региона ниже среднего по России',
  'на уровне': 'интервал региона включает средний по России — разница может быть случайной',
  'мало данных': 'организаций с баллами слишком мало, чтобы сравнивать',
};

/** What the region's interval says about it and Russia, and how to read the range of places. */
export function uncertaintyItems(ctx: Ctx, r: Row): Item[] {
  const items: Item[] = [];
  if (!isMissing(r.vs_russia)) {
    const vs = ctx.F.fact('nok_region_score', r, 'vs_russia', { text: 'сравнение со средним по России с учётом 95 % интервала' });
    const why = VS_RUSSIA[String(r.vs_russia)];
    items.push({ parts: t`Сравнение со средним по России с учётом 95-процентного интервала: ${vs}${why ? ` (${why})` : ''}.` });
  }
  if ('rank_low' in r && !isMissing(r.rank_total)) {
    items.push({ parts: ['Место — по среднему баллу; в скобках — 95-процентный диапазон правдоподобных мест: при другом случайном наборе оценённых организаций регион мог бы оказаться на любом из них.'] });
  }
  return items;
}

/**
 * The region's statistical neighbours (marts.region_neighbour: similar conditions, not similar
 * scores) with their mean totals and intervals in the same year.
 */
export function neighbourItem(ctx: Ctx, r: Row): Item | null {
  const { T, F, scope } = ctx;
  if (!T.region_neighbour) return null;
  const ns = sorted(
    T.region_neighbour.filter((n) => n.region_code === scope.region_code),
    byNum((n) => n.rank),
  );
  if (!ns.length) return null;
  const year = toNumber(r.year);
  const one = (n: Row) => {
    const name = F.fact('region_neighbour', n, 'neighbour_name', { text: 'статистический сосед региона' });
    const s = (T.nok_region_score ?? []).find((x) => x.region_code === n.neighbour_code && toNumber(x.year) === year && x.sphere === ALL_SPHERES && sameEdition(x, r));
    if (!s) return t`${name} — баллов нет`;
    const total = F.fact('nok_region_score', s, 'total', { text: `средний итоговый балл: ${s.region_name ?? n.neighbour_name}`, fmt: 'num1' });
    return hasInterval(s) ? t`${name} — ${total} (${interval(ctx, 'nok_region_score', s, String(s.region_name ?? n.neighbour_name))})` : t`${name} — ${total}`;
  };
  return {
    parts: t`Статистические соседи — регионы с похожими условиями (размер сети организаций, респонденты на организацию, объём работ оператора), а не с похожими баллами; их средний итоговый балл за тот же год (в скобках — 95-процентный интервал): ${joinParts(ns.map(one), '; ')}.`,
  };
}
