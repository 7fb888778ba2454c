// Section «Ключевые цифры опроса органов власти».
import { reconRow, regionHead, summaryRow, type Ctx } from '../context.ts';
import { pl, t } from '../facts.ts';
import type { Block, Fact, Item } from '../types.ts';
import { byText, formatInUnit, sorted } from '../values.ts';

export function surveyBlocks(ctx: Ctx): Block[] {
  const { T, F, scope } = ctx;
  const items: Item[] = [];
  const recon = (id: string, text: string, decimals: number, unit?: string): Fact | null => {
    const r = reconRow(T, id);
    if (!r || r.computed_value === null || r.computed_value === undefined) return null;
    const f = F.fact('reconciliation', r, 'computed_value', { text, formatted: formatInUnit(r.computed_value, unit ?? r.unit, decimals) });
    return F.publish(f, r);
  };
  const sum = (measure: string, statistic: string, fmt: string, text: string, method: string, figureId?: string, opts: { trim?: boolean } = {}): Fact | null => {
    const r = summaryRow(T, measure, statistic, method);
    if (!r) return null;
    const f = F.fact('operator_cost_summary', r, 'value', { text, fmt, trim: opts.trim });
    if (figureId) F.publish(f, reconRow(T, figureId));
    return f;
  };
  const where = (measure: string, statistic: string, method: string): Fact | null => {
    const r = summaryRow(T, measure, statistic, method);
    return r && r.region_name ? F.fact('operator_cost_summary', r, 'region_name', { text: `регион: ${r.measure_ru ?? measure}, ${r.statistic_ru ?? statistic}` }) : null;
  };

  const part = recon('participation.regions', 'субъектов РФ, ответивших на опрос', 0, '');
  if (part) items.push({ parts: t`В опросе органов власти ${pl(part, 'участвовал', 'участвовали', 'участвовали')} ${part} ${pl(part, 'субъект', 'субъекта', 'субъектов')} Российской Федерации.` });
  const orgs = recon('orgs_regional_total', 'организаций социального обслуживания регионального подчинения', 0, '');
  if (orgs) items.push({ parts: t`Организаций социального обслуживания регионального подчинения — ${orgs}.` });

  const pMean = sum('planned_rub', 'mean', 'trub1', 'средняя НМЦК на работы оператора', 'direct', 'cost.planned.mean', { trim: true });
  const pMin = sum('planned_rub', 'min', 'trub1', 'минимальная НМЦК', 'direct', 'cost.planned.min', { trim: true });
  const pMax = sum('planned_rub', 'max', 'mrub3', 'максимальная НМЦК', 'direct', 'cost.planned.max', { trim: true });
  if (pMean) {
    items.push({
      parts: t`Средняя начальная (максимальная) цена контракта на работы оператора — ${pMean}${pMin && pMax ? t` (от ${pMin}, ${where('planned_rub', 'min', 'direct')}, до ${pMax}, ${where('planned_rub', 'max', 'direct')})` : ''}.`,
    });
  }
  const aMean = sum('actual_rub', 'mean', 'trub1', 'средняя цена контракта с оператором', 'direct', 'cost.actual.mean', { trim: true });
  const aMin = sum('actual_rub', 'min', 'trub1', 'минимальная цена контракта', 'direct', 'cost.actual.min', { trim: true });
  const aMax = sum('actual_rub', 'max', 'mrub3', 'максимальная цена контракта', 'direct', 'cost.actual.max', { trim: true });
  const ratio = sum('planned_to_actual', 'ratio', 'num1', 'НМЦК / цена контракта (отношение средних)', 'ratio of means', 'cost.planned_to_actual');
  if (aMean) {
    items.push({
      parts: t`Средняя цена заключённого контракта — ${aMean}${aMin && aMax ? t` (от ${aMin}, ${where('actual_rub', 'min', 'direct')}, до ${aMax}, ${where('actual_rub', 'max', 'direct')})` : ''}${ratio ? t`; средняя НМЦК выше её в ${ratio} раза` : ''}.`,
    });
  }
  const oMean = sum('orgs_assessed', 'mean', 'int', 'среднее число организаций, оцениваемых за год', 'direct', 'cost.orgs_assessed.mean');
  if (oMean) items.push({ parts: t`В среднем за год регион оценивает ${oMean} ${pl(oMean, 'организацию', 'организации', 'организаций')}.` });
  const cMean = sum('cost_per_org_rub', 'mean', 'rub', 'средняя стоимость оценки одной организации', 'mean of regional ratios', 'cost.per_org.mean');
  const cMed = sum('cost_per_org_rub', 'median', 'rub', 'медиана стоимости оценки одной организации', 'mean of regional ratios');
  const rMean = sum('cost_per_respondent_rub', 'mean', 'rub', 'средняя стоимость работ на одного респондента', 'mean of regional ratios', 'cost.per_respondent.mean');
  if (cMean) {
    items.push({
      parts: t`Оценка одной организации стоит в среднем ${cMean}${cMed ? t`, медиана — ${cMed}` : ''}${rMean ? t`; работа оператора в расчёте на одного опрошенного — ${rMean}` : ''}.`,
    });
  }
  const fund = (T.funding_source_share ?? []).find((r) => r.category_code === 'programme');
  if (fund) {
    const share = F.publish(F.fact('funding_source_share', fund, 'share', { text: 'доля субъектов, финансирующих работы оператора из программ', fmt: 'pct1' }), reconRow(T, 'funding.programme.share'));
    const n = F.publish(F.fact('funding_source_share', fund, 'regions', { text: 'субъектов, финансирующих работы оператора из программ', fmt: 'int' }), reconRow(T, 'funding.programme.regions'));
    items.push({ parts: t`Работы оператора финансируются из государственных программ в ${n} ${pl(n, 'субъекте', 'субъектах', 'субъектах')} (${share} ответивших).` });
  }
  const blocks: Block[] = [{ type: 'ul', items }];

  if (scope.region_code) {
    const ri: Item[] = [];
    const sp = (T.survey_participation ?? []).find((r) => r.region_code === scope.region_code);
    if (sp) ri.push({ parts: t`Участие в опросе: ${F.fact('survey_participation', sp, 'status_ru', { text: 'участие региона в опросе' })}.` });
    if (T.survey_authority) {
      const auth = sorted(
        T.survey_authority.filter((r) => r.region_code === scope.region_code),
        byText((r) => r.authority_id),
      );
      for (const a of auth) {
        ri.push({
          parts: t`${F.fact('survey_authority', a, 'authority_name', { text: 'орган власти, ответивший на опрос' })} — источник финансирования работ оператора: «${F.fact('survey_authority', a, 'funding_answer', { text: 'источник финансирования (ответ)' })}».`,
        });
      }
    }
    if (ri.length) blocks.push(regionHead(scope), { type: 'ul', items: ri });
    else blocks.push({ type: 'note', parts: t`${scope.region_name}: ответов региона в опросе нет.` });
  }
  return blocks;
}
