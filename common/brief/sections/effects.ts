// Section «Эффект практик: что показывают данные»: difference-in-differences estimates by theme
// and criterion, in words that do not claim more than the interval allows.
import { isMissing, toNumber } from '@nok-atlas/common/fmt.js';
import type { Ctx } from '../context.ts';
import { joinParts, pl, t, type FactOptions } from '../facts.ts';
import { criterionLabel, criterionName } from '../marts.ts';
import type { Block, Item, Part, Row } from '../types.ts';
import { byNum, byText, isTrue, sorted } from '../values.ts';

/** The interval of the estimate excludes zero. */
export const significant = (e: Row): boolean => !isMissing(e.estimate) && ((toNumber(e.ci_low) ?? NaN) > 0 || (toNumber(e.ci_high) ?? NaN) < 0);

function effectSentence(ctx: Ctx, e: Row): Part[] {
  const { F } = ctx;
  const fx = (col: string, text: string, fmt = 'num2', extra: FactOptions = {}) => F.fact('practice_effect', e, col, { text: `${text}: ${e.theme_title}, ${criterionLabel(e.criterion)}`, fmt, ...extra });
  const crit = `${criterionLabel(e.criterion)} «${criterionName(e.criterion)}»`;
  const head = t`${{ strong: `«${e.theme_title}» → ${crit}` }}: `;
  if (isMissing(e.estimate)) {
    return t`${head}оценить нельзя — нет регионов, внедривших практики темы и наблюдавшихся после внедрения.`;
  }
  const est = toNumber(e.estimate) ?? 0;
  const treated = fx('n_treated_regions', 'регионов, внедривших тему', 'int');
  const n = t`${treated} ${pl(treated, 'регион внедрил', 'региона внедрили', 'регионов внедрили')} практики темы, ${fx('n_control_regions', 'регионов сравнения', 'int')} — для сравнения`;
  const interval = t`95-процентный доверительный интервал — от ${fx('ci_low', 'нижняя граница 95 % интервала')} до ${fx('ci_high', 'верхняя граница 95 % интервала')}`;
  if (significant(e)) {
    const up = est > 0;
    const holm = isTrue(e.is_significant_holm);
    return t`${head}после внедрения балл критерия ${up ? 'вырос' : 'снизился'} в среднем на ${fx('estimate', 'оценка эффекта, баллов', 'num2', { abs: true })} балла сильнее, чем в регионах без таких практик (${interval}; ${n}). Интервал не включает ноль: ${up ? 'рост' : 'снижение'}, по-видимому, связан с практиками${holm ? '' : ', но с поправкой на множественные сравнения это не подтверждается'}.`;
  }
  return t`${head}оценка — ${fx('estimate', 'оценка эффекта, баллов')} балла, ${interval} (${n}). Интервал включает ноль: по этим данным нельзя утверждать, что практики темы меняют этот балл.`;
}

/** Effects whose interval includes zero, in one line: «тема» → К5: 0,02 (от −0,49 до 0,53). */
function effectsCompact(ctx: Ctx, rows: Row[]): Part[] {
  const { F } = ctx;
  const fx = (e: Row, col: string, text: string) => F.fact('practice_effect', e, col, { text: `${text}: ${e.theme_title}, ${criterionLabel(e.criterion)}`, fmt: 'num2' });
  const one = (e: Row) =>
    isMissing(e.estimate)
      ? t`«${e.theme_title}» → ${criterionLabel(e.criterion)}: оценить нельзя`
      : t`«${e.theme_title}» → ${criterionLabel(e.criterion)}: ${fx(e, 'estimate', 'оценка эффекта, баллов')} (от ${fx(e, 'ci_low', 'нижняя граница 95 % интервала')} до ${fx(e, 'ci_high', 'верхняя граница 95 % интервала')})`;
  return t`Для остальных сочетаний темы и критерия доверительный интервал включает ноль — влияние практик на балл по этим данным не подтверждается: ${joinParts(rows.map(one), '; ')}.`;
}

export function effectsBlocks(ctx: Ctx): Block[] {
  const { T, scope } = ctx;
  let rows = T.practice_effect ?? [];
  let intro: string | undefined;
  if (scope.theme) {
    rows = rows.filter((e) => e.theme === scope.theme);
    intro = `Оценка для темы «${scope.theme_title}».`;
    if (!rows.length) {
      return [{ type: 'note', parts: [`Для темы «${scope.theme_title}» эффект не оценивался: у темы нет целевых критериев НОК в словаре тем.`] }];
    }
  } else if (scope.region_code && ctx.chosenPractices?.length && T.practice_theme) {
    const ids = new Set(ctx.chosenPractices.map((p) => p.practice_id));
    const themes = new Set(T.practice_theme.filter((r) => ids.has(r.practice_id)).map((r) => r.theme));
    const sel = rows.filter((e) => themes.has(e.theme));
    if (sel.length) {
      rows = sel;
      intro = 'Оценки для тем практик, перечисленных выше.';
    }
  }
  rows = sorted(
    rows,
    (a, b) => Number(significant(b)) - Number(significant(a)),
    byNum((e) => e.estimate, -1),
    byText((e) => e.theme),
    byText((e) => e.criterion),
  );
  const blocks: Block[] = [];
  blocks.push({
    type: 'p',
    parts: [
      `${intro ? intro + ' ' : ''}Разность разностей: изменение среднего балла критерия в регионах, внедривших практики темы, сравнивается с изменением в регионах, которые их не внедряли. Это не эксперимент: регионы сами выбирают, что внедрять, поэтому связь — не доказательство причины.`,
    ],
  });
  const full = scope.theme || rows.length <= 6 ? rows : rows.filter(significant);
  const rest = rows.filter((e) => !full.includes(e));
  const items: Item[] = full.map((e) => ({ parts: effectSentence(ctx, e) }));
  if (rest.length) items.push({ parts: effectsCompact(ctx, rest) });
  blocks.push({ type: 'ul', items });
  ctx.effects = rows;
  return blocks;
}
