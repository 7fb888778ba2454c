// Section «Закупка работ оператора и контроль их качества».
import { isMissing, toNumber } from '@nok-atlas/common/fmt.js';
import { reconRow, regionHead, type Ctx } from '../context.ts';
import { joinParts, pl, t } from '../facts.ts';
import { categoryName } from '../marts.ts';
import type { Block, Item, Part, Row } from '../types.ts';
import { byNum, byText, formatInUnit, isTrue, sorted } from '../values.ts';

export function procurementBlocks(ctx: Ctx): Block[] {
  const { T, F, scope } = ctx;
  const blocks: Block[] = [];
  const share = (mart: string, r: Row, label: unknown, figureId: string) =>
    F.publish(F.fact(mart, r, 'share', { text: `доля субъектов: ${label}`, fmt: 'pct1' }), reconRow(T, figureId));
  const ps = T.procurement_method_share ?? [];
  const years = [...new Set(ps.map((r) => toNumber(r.year)).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  const last = years[years.length - 1];
  if (last !== undefined) {
    const rows = sorted(
      ps.filter((r) => toNumber(r.year) === last),
      byNum((r) => r.share, -1),
      byNum((r) => r.sort_order),
    );
    const first = rows[0]!;
    const yf = F.fact('procurement_method_share', first, 'year', { text: 'год', fmt: 'year' });
    const list = rows.map((r) => t`${categoryName(T.survey_category, 'procurement_method', r.method_code, r.method)} — ${share('procurement_method_share', r, r.method, `procurement.${last}.${r.method_code}`)}`);
    const answered = F.fact('procurement_method_share', first, 'regions_answered', { text: 'субъектов, ответивших о способе определения оператора', fmt: 'int' });
    const items: Item[] = [
      {
        parts: t`Способ определения оператора в ${yf} году (доля субъектов из ${answered} ${pl(answered, 'ответившего', 'ответивших', 'ответивших')}): ${joinParts(list, '; ')}.${(toNumber(first.regions_multiple) ?? 0) > 0 ? ' Сумма долей больше единицы: часть регионов назвала несколько способов.' : ''}`,
      },
    ];
    const sole = sorted(
      ps.filter((r) => r.method_code === 'sole_supplier'),
      byNum((r) => r.year),
    );
    if (sole.length > 1) {
      items.push({
        parts: t`Закупка у единственного поставщика по годам: ${joinParts(
          sole.map((r) => t`${F.fact('procurement_method_share', r, 'year', { text: 'год', fmt: 'year' })} — ${share('procurement_method_share', r, r.method, `procurement.${r.year}.sole_supplier`)}`),
          ', ',
        )}.`,
      });
    }
    blocks.push({ type: 'ul', items });
    ctx.procurement = { last: rows, year: last };
  }

  const cf = sorted(T.control_form_share ?? [], byNum((r) => r.share, -1), byNum((r) => r.sort_order));
  if (cf.length) {
    const list = cf.map((r) => t`${categoryName(T.survey_category, 'control_form', r.form_code, r.form)} — ${share('control_form_share', r, r.form, `control.${r.form_code}`)}`);
    blocks.push({ type: 'ul', items: [{ parts: t`Формы контроля результатов работы оператора (доля субъектов): ${joinParts(list, '; ')}.` }] });
  }

  const refusal = T.acceptance_refusal ?? [];
  const refusing = sorted(refusal.filter((r) => isTrue(r.has_refusal)), byText((r) => r.region_name));
  const refN = reconRow(T, 'refusal.regions');
  const refNone = reconRow(T, 'refusal.none.share');
  const ri: Item[] = [];
  if (refN && !isMissing(refN.computed_value)) {
    const n = F.publish(F.fact('reconciliation', refN, 'computed_value', { text: 'субъектов с опытом отказа в приёмке работ оператора', formatted: formatInUnit(refN.computed_value, '', 0) }), refN);
    const none =
      refNone && !isMissing(refNone.computed_value)
        ? F.publish(F.fact('reconciliation', refNone, 'computed_value', { text: 'доля субъектов без опыта отказа в приёмке', formatted: formatInUnit(refNone.computed_value, '%', 1) }), refNone)
        : null;
    ri.push({
      parts: t`Опыт отказа в приёмке работ оператора есть у ${n} ${pl(n, 'субъекта', 'субъектов', 'субъектов')}${refusing.length ? t` (${joinParts(refusing.map((r) => F.fact('acceptance_refusal', r, 'region_name', { text: 'субъект с опытом отказа в приёмке' })), ', ')})` : ''}${none ? t`; у ${none} ответивших такого опыта нет` : ''}.`,
    });
  }
  const ot = sorted(T.online_tool_share ?? [], byNum((r) => r.sort_order));
  if (ot.length) {
    const list = ot.map((r) => t`${categoryName(T.survey_category, 'online_tool', r.requirement_code, r.requirement)} — ${share('online_tool_share', r, r.requirement, `online.${r.requirement_code}`)}`);
    const otAnswered = F.fact('online_tool_share', ot[0]!, 'regions_answered', { text: 'субъектов, ответивших об онлайн-инструментах', fmt: 'int' });
    ri.push({ parts: t`Требования к оператору по онлайн-инструментам опроса (доля из ${otAnswered} ${pl(otAnswered, 'ответившего', 'ответивших', 'ответивших')}): ${joinParts(list, '; ')}.` });
  }
  const o80 = (T.online_paper_share ?? []).find((r) => r.ratio_code === 'online80');
  if (o80) {
    ri.push({
      parts: t`Из регионов с требованиями к онлайн-опросу ${F.publish(F.fact('online_paper_share', o80, 'share', { text: 'доля регионов с наибольшей долей анкет онлайн', fmt: 'pct1' }), reconRow(T, 'online_paper.online80'))} указали соотношение анкет «${F.fact('online_paper_share', o80, 'ratio', { text: 'соотношение анкет онлайн и на бумаге' })}».`,
    });
  }
  if (ri.length) blocks.push({ type: 'ul', items: ri });

  if (scope.region_code) blocks.push(...regionBlocks(ctx, refusal));
  return blocks;
}

/** The region's own answers: methods by year, its authorities' answers, refusals. */
function regionBlocks(ctx: Ctx, refusal: Row[]): Block[] {
  const { T, F, scope } = ctx;
  const ri2: Item[] = [];
  if (T.procurement_method_use) {
    const use = sorted(
      T.procurement_method_use.filter((r) => r.region_code === scope.region_code),
      byNum((r) => r.year),
      byText((r) => r.method_code),
    );
    const byYear = new Map<number | null, Row[]>();
    for (const r of use) {
      const y = toNumber(r.year);
      if (!byYear.has(y)) byYear.set(y, []);
      byYear.get(y)!.push(r);
    }
    const parts: Part[][] = [...byYear.values()].map(
      (rs) => t`${F.fact('procurement_method_use', rs[0]!, 'year', { text: 'год', fmt: 'year' })} — ${joinParts(rs.map((r) => F.fact('procurement_method_use', r, 'method', { text: 'способ определения оператора' })), ', ')}`,
    );
    if (parts.length) ri2.push({ parts: t`Способ определения оператора по годам: ${joinParts(parts, '; ')}.` });
  }
  if (T.survey_authority) {
    for (const a of sorted(T.survey_authority.filter((r) => r.region_code === scope.region_code), byText((r) => r.authority_id))) {
      const seg: Part[][] = [];
      if (!isMissing(a.control_form_answer)) seg.push(t`контроль работы оператора: «${F.fact('survey_authority', a, 'control_form_answer', { text: 'форма контроля (ответ)' })}»`);
      if (!isMissing(a.online_tool_answer)) seg.push(t`требования к онлайн-инструментам: «${F.fact('survey_authority', a, 'online_tool_answer', { text: 'требования к онлайн-инструментам (ответ)' })}»`);
      if (seg.length) ri2.push({ parts: t`${F.fact('survey_authority', a, 'authority_name', { text: 'орган власти, ответивший на опрос' })} — ${joinParts(seg, '; ')}.` });
    }
  }
  const ar = refusal.find((r) => r.region_code === scope.region_code);
  if (ar) ri2.push({ parts: t`Опыт отказа в приёмке работ оператора: ${F.fact('acceptance_refusal', ar, 'has_refusal', { text: 'опыт отказа в приёмке (да/нет)' })}.` });
  ctx.regionSurvey = {
    soleLast: T.procurement_method_use?.find((r) => r.region_code === scope.region_code && toNumber(r.year) === ctx.procurement?.year && r.method_code === 'sole_supplier'),
    online: T.survey_authority?.find((r) => r.region_code === scope.region_code && r.online_tool_code === 'none'),
  };
  return ri2.length ? [regionHead(scope), { type: 'ul', items: ri2 }] : [];
}
