// Section «Практики регионов»: the practices of the region and/or theme, or those with measured results.
import { isMissing, toNumber } from '@nok-atlas/common/fmt.js';
import { reconRow, type Ctx } from '../context.ts';
import { pl, t } from '../facts.ts';
import type { Block, Part, Row } from '../types.ts';
import { byNum, byText, firstSentences, formatInUnit, isTrue, metricFormatted, sorted } from '../values.ts';

const MAX_METRICS = 4;
const MAX_PRACTICES_DEFAULT = 12;

function practiceBlock(ctx: Ctx, p: Row): Block {
  const { T, F } = ctx;
  const ref = F.practice(p);
  const meta = [p.type, p.level ? `уровень: ${p.level}` : null, p.sphere].filter((x) => !isMissing(x));
  const head = t`${{ strong: String(p.title) }} — ${F.fact('practice', p, 'region_name', { text: 'регион практики' })}${meta.length ? ` (${meta.join('; ')})` : ''}${!isMissing(p.start_year) ? t`, с ${F.fact('practice', p, 'start_year', { text: 'год начала практики', fmt: 'year' })} г.` : ''} ${ref}`;
  const metrics = sorted(
    (T.practice_metric ?? []).filter((m) => m.practice_id === p.practice_id),
    byNum((m) => m.metric_no),
  );
  // figures from one sentence of the description are shown together, with the sentence quoted once
  const shown: { parts: Part[]; quote: string }[] = [];
  for (const m of metrics.slice(0, MAX_METRICS)) {
    const quote = String(m.sentence ?? m.measures ?? '').trim();
    const parts = t`${F.fact('practice_metric', m, 'value', { text: `цифра практики: ${m.measures ?? ''}`.trim(), formatted: metricFormatted(m) })}${!isMissing(m.year) ? t` (${F.fact('practice_metric', m, 'year', { text: 'год цифры', fmt: 'year' })})` : ''}`;
    const prev = shown[shown.length - 1];
    if (prev && prev.quote === quote) prev.parts.push('; ', ...parts);
    else shown.push({ parts, quote });
  }
  return {
    type: 'practice',
    practice_id: String(p.practice_id),
    parts: head,
    description: firstSentences(p.description),
    metrics: shown,
    more: metrics.length > MAX_METRICS ? `Остальные измеренные результаты — в карточке практики ${p.practice_id} на странице «Каталог практик».` : null,
    is_synthetic: isTrue(p.is_synthetic),
  };
}

export function practicesBlocks(ctx: Ctx): Block[] {
  const { T, F, scope } = ctx;
  const blocks: Block[] = [];
  const all = T.practice ?? [];
  const order = (rows: Row[]) =>
    sorted(
      rows,
      byText((p) => p.region_name),
      byNum((p) => p.report_order),
      byText((p) => p.practice_id),
    );
  const themeIds = new Set(scope.theme ? (T.practice_theme ?? []).filter((r) => r.theme === scope.theme).map((r) => r.practice_id) : []);
  let chosen: Row[] = [];
  if (scope.theme && scope.region_code) {
    chosen = order(all.filter((p) => p.region_code === scope.region_code && themeIds.has(p.practice_id)));
    if (chosen.length) {
      blocks.push({ type: 'p', parts: t`Практики региона ${scope.region_name} по теме «${scope.theme_title}»:` });
    } else {
      blocks.push({ type: 'note', parts: t`У региона ${scope.region_name} в каталоге нет практик темы «${scope.theme_title}». Ниже — практики этой темы в других регионах.` });
      chosen = order(all.filter((p) => themeIds.has(p.practice_id)));
    }
  } else if (scope.theme) {
    chosen = order(all.filter((p) => themeIds.has(p.practice_id)));
    blocks.push({ type: 'p', parts: t`Практики темы «${scope.theme_title}» в каталоге:` });
    if (!chosen.length) blocks.push({ type: 'note', parts: t`Практик темы «${scope.theme_title}» в каталоге нет.` });
  } else if (scope.region_code) {
    chosen = order(all.filter((p) => p.region_code === scope.region_code));
    if (chosen.length) blocks.push({ type: 'p', parts: t`Практики региона ${scope.region_name} в каталоге:` });
    else {
      const fd = scope.federal_district_short;
      chosen = fd ? order(all.filter((p) => p.federal_district_short === fd)) : [];
      blocks.push({
        type: 'note',
        parts: t`У региона ${scope.region_name} в каталоге практик нет.${chosen.length ? ` Ниже — практики других регионов того же федерального округа (${scope.federal_district ?? fd}).` : ''}`,
      });
    }
  } else {
    const received = reconRow(T, 'practices.received');
    if (received && !isMissing(received.computed_value)) {
      const n = F.publish(F.fact('reconciliation', received, 'computed_value', { text: 'практик в каталоге', formatted: formatInUnit(received.computed_value, '', 0) }), received);
      blocks.push({ type: 'p', parts: t`В каталоге ${n} ${pl(n, 'практика', 'практики', 'практик')} регионов. Ниже — практики с измеренными результатами (цифрами в описании).` });
    } else {
      blocks.push({ type: 'p', parts: ['Ниже — практики регионов с измеренными результатами (цифрами в описании).'] });
    }
    chosen = sorted(
      all.filter((p) => (toNumber(p.metric_count) ?? 0) > 0),
      byNum((p) => p.metric_count, -1),
      byText((p) => p.region_name),
      byText((p) => p.practice_id),
    ).slice(0, MAX_PRACTICES_DEFAULT);
  }
  for (const p of chosen) blocks.push(practiceBlock(ctx, p));
  ctx.chosenPractices = chosen;
  return blocks;
}
