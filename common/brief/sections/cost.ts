// Section «Стоимость работ оператора»: the spread over regions and, for a region, its place.
import { isMissing, toNumber } from '@nok-atlas/common/fmt.js';
import { regionHead, summaryRow, type Ctx } from '../context.ts';
import { pl, t } from '../facts.ts';
import type { Block, Fact, Item, Row } from '../types.ts';

export function costBlocks(ctx: Ctx): Block[] {
  const { T, F, scope } = ctx;
  const blocks: Block[] = [];
  const stat = (measure: string, statistic: string, fmt: string, text: string, method = 'mean of regional ratios'): { r: Row; f: Fact } | null => {
    const r = summaryRow(T, measure, statistic, method);
    return r ? { r, f: F.fact('operator_cost_summary', r, 'value', { text, fmt }) } : null;
  };
  const items: Item[] = [];
  for (const [measure, label, unitText] of [
    ['cost_per_org_rub', 'на одну оценённую организацию', 'одной организации'],
    ['cost_per_respondent_rub', 'на одного опрошенного получателя услуг', 'одного респондента'],
  ] as const) {
    const med = stat(measure, 'median', 'rub', `медиана стоимости ${unitText}`);
    const mean = stat(measure, 'mean', 'rub', `средняя стоимость ${unitText}`);
    const min = stat(measure, 'min', 'rub', `минимальная стоимость ${unitText}`);
    const max = stat(measure, 'max', 'rub', `максимальная стоимость ${unitText}`);
    if (!med && !mean) continue;
    const whereF = (s: { r: Row; f: Fact } | null) => (s?.r.region_name ? F.fact('operator_cost_summary', s.r, 'region_name', { text: `регион: ${s.f.text}` }) : null);
    items.push({
      parts: t`Стоимость работ оператора ${label}: медиана ${med?.f}, среднее ${mean?.f}${min && max ? t`; от ${min.f} (${whereF(min)}) до ${max.f} (${whereF(max)})` : ''}.`,
    });
  }
  const n = summaryRow(T, 'cost_per_org_rub', 'median', 'mean of regional ratios');
  if (n) {
    const nr = F.fact('operator_cost_summary', n, 'n_regions', { text: 'регионов в расчёте стоимости', fmt: 'int' });
    items.push({ parts: t`Расчёт — по ${nr} ${pl(nr, 'региону', 'регионам', 'регионам')} с оплаченными контрактами (наблюдение — регион за год).` });
  }
  blocks.push({ type: 'ul', items });

  if (scope.region_code) {
    const b = (T.operator_cost_benchmark ?? []).find((r) => r.region_code === scope.region_code);
    if (!b) {
      blocks.push({ type: 'note', parts: t`${scope.region_name}: сведений о стоимости работ оператора в опросе нет — сравнивать не с чем.` });
    } else if (!((toNumber(b.paid_years) ?? 0) > 0)) {
      blocks.push({
        type: 'p',
        parts: t`${scope.region_name}: оплаченных контрактов с оператором в опросе нет (лет без оплаты: ${F.fact('operator_cost_benchmark', b, 'free_years', { text: 'лет, когда оператор работал безвозмездно', fmt: 'int' })}) — стоимость сравнить нельзя.`,
      });
    } else {
      const fx = (col: string, text: string, fmt = 'rub') => F.fact('operator_cost_benchmark', b, col, { text, fmt });
      const cost = fx('cost_per_org_rub', 'стоимость на одну организацию (регион)');
      const fd = fx('fd_cost_per_org_median', 'медиана по федеральному округу');
      const size = fx('size_cost_per_org_median', 'медиана регионов схожего размера');
      const all = fx('all_cost_per_org_median', 'медиана по всем регионам');
      const paid = fx('paid_years', 'оплаченных лет', 'int');
      const ri: Item[] = [];
      ri.push({
        parts: t`Стоимость на одну организацию — ${cost} (за ${paid} ${pl(paid, 'оплаченный год', 'оплаченных года', 'оплаченных лет')}: ${fx('paid_year_list', 'оплаченные годы', 'text')}); медиана по округу (${fx('federal_district', 'федеральный округ', 'text')}) — ${fd}, по регионам схожего размера — ${size}, по всем регионам — ${all}.`,
      });
      ri.push({
        parts: t`Место по стоимости одной организации: ${fx('fd_cost_per_org_rank', 'место в округе (1 — дешевле всех)', 'int')} из ${fx('fd_regions', 'регионов округа с оплатой', 'int')} в округе и ${fx('all_cost_per_org_rank', 'место в стране (1 — дешевле всех)', 'int')} из ${fx('all_regions', 'регионов с оплатой', 'int')} в стране (1 — дешевле всех).`,
      });
      if (!isMissing(b.cost_per_respondent_rub)) {
        ri.push({
          parts: t`Стоимость на одного опрошенного — ${fx('cost_per_respondent_rub', 'стоимость на одного респондента (регион)')}, медиана по округу — ${fx('fd_cost_per_respondent_median', 'медиана по округу на респондента')}.`,
        });
      }
      blocks.push(regionHead(scope), { type: 'ul', items: ri });
      ctx.bench = { row: b, cost, fd, all };
    }
  }
  return blocks;
}
