// What the section builders share: the marts' rows, the facts, the scope, and what each section
// found (the resolution templates read those slots, so an item rests on what the brief shows).
import type { Facts } from './facts.ts';
import type { MartName, Criterion } from './marts.ts';
import type { Block, Fact, Row, Scope } from './types.ts';
import { isTrue } from './values.ts';

export interface Ctx {
  /** rows of each mart; undefined when the mart is not in the warehouse */
  T: Partial<Record<MartName, Row[]>>;
  F: Facts;
  scope: Scope;
  /** cost: the region's row of operator_cost_benchmark and its facts (a region with paid contracts) */
  bench?: { row: Row; cost: Fact; fd: Fact; all: Fact };
  /** procurement: the latest year's rows of procurement_method_share */
  procurement?: { last: Row[]; year: number };
  /** procurement, a region: its sole-supplier row of the latest year; its authority without online requirements */
  regionSurvey?: { soleLast?: Row; online?: Row };
  /** scores: the all-Russia row of the latest year, its weakest and strongest criteria */
  scores?: { rf: Row; weakest: Criterion | null; strongest: Criterion | null };
  /** scores, a region: its latest row, the district's and Russia's rows of that year */
  regionScores?: { last: Row; rf?: Row; fd?: Row; weakest: Criterion | null };
  /** practices: the practices listed */
  chosenPractices?: Row[];
  /** effects: the rows of practice_effect shown */
  effects?: Row[];
}

export type SectionBuilder = (ctx: Ctx) => Block[];

/** The primary row of operator_cost_summary for a measure, statistic (and method). */
export function summaryRow(T: Ctx['T'], measure: string, statistic: string, method?: string): Row | undefined {
  return (T.operator_cost_summary ?? []).find((r) => r.measure === measure && r.statistic === statistic && (method === undefined || r.method === method) && isTrue(r.is_primary));
}

/** The row of marts.reconciliation for a report figure. */
export function reconRow(T: Ctx['T'], figureId: string): Row | undefined {
  return (T.reconciliation ?? []).find((r) => r.figure_id === figureId);
}

/** The region's name in bold, heading its list. */
export const regionHead = (scope: Scope): Block => ({ type: 'p', parts: [{ strong: `${scope.region_name}` }] });
