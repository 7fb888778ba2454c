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
  const pre = pretrend(ctx, e);
  if (significant(e)) {
    const up = est > 0;
    const holm = isTrue(e.is_significant_holm);
    return t`${head}после внедрения балл критерия ${up ? 'вырос' : 'снизился'} в среднем на ${fx('estimate', 'оценка эффекта, баллов', 'num2', { abs: true })} балла сильнее, чем в регионах без таких практик (${interval}; ${n}). Интервал не включает ноль: ${up ? 'рост' : 'снижение'}, по-видимому, связан с практиками${holm ? '' : ', но с поправкой на множественные сравнения это не подтверждается'}.${pre}`;
  }
  if (!isMissing(e.mde)) {
    return t`${head}оценка — ${fx('estimate', 'оценка эффекта, баллов')} балла, ${interval} (${n}). Интервал включает ноль: эффект не отличается от нуля. Это не доказывает, что эффекта нет: эффект меньше ${fx('mde', 'минимальный обнаружимый эффект, баллов')} балла по этим данным, скорее всего, не был бы замечен (минимальный обнаружимый эффект).${pre}`;
  }
  return t`${head}оценка — ${fx('estimate', 'оценка эффекта, баллов')} балла, ${interval} (${n}). Интервал включает ноль: по этим данным нельзя утверждать, что практики темы меняют этот балл.${pre}`;
}

/** The parallel-trends check (group-time estimator): said in words only when it fails. */
function pretrend(ctx: Ctx, e: Row): Part[] {
  if (e.pretrend_ok !== false && e.pretrend_ok !== 0 && e.pretrend_ok !== 'false') return [];
  const p = ctx.F.fact('practice_effect', e, 'pretrend_p_value', { text: `p-значение проверки до внедрения: ${e.theme_title}, ${criterionLabel(e.criterion)}`, fmt: 'num2' });
  return t` Проверка до внедрения не пройдена (p = ${p}): ещё до внедрения балл в этих регионах менялся не так, как в регионах сравнения, поэтому оценке доверять нельзя.`;
}

/** Effects whose interval includes zero, in one line: «тема» → К5: 0,02 (от −0,49 до 0,53). */
function effectsCompact(ctx: Ctx, rows: Row[]): Part[] {
  const { F } = ctx;
  const fx = (e: Row, col: string, text: string) => F.fact('practice_effect', e, col, { text: `${text}: ${e.theme_title}, ${criterionLabel(e.criterion)}`, fmt: 'num2' });
  const withMde = rows.some((e) => !isMissing(e.mde));
  const failed = (e: Row) => (e.pretrend_ok === false || e.pretrend_ok === 0 ? '; проверка до внедрения не пройдена' : '');
  const one = (e: Row) =>
    isMissing(e.estimate)
      ? t`«${e.theme_title}» → ${criterionLabel(e.criterion)}: оценить нельзя`
      : t`«${e.theme_title}» → ${criterionLabel(e.criterion)}: ${fx(e, 'estimate', 'оценка эффекта, баллов')} (от ${fx(e, 'ci_low', 'нижняя граница 95 % интервала')} до ${fx(e, 'ci_high', 'верхняя граница 95 % интервала')}${!isMissing(e.mde) ? t`; заметен эффект от ${F.fact('practice_effect', e, 'mde', { text: `минимальный обнаружимый эффект, баллов: ${e.theme_title}, ${criterionLabel(e.criterion)}`, fmt: 'num2' })}` : ''}${failed(e)})`;
  if (withMde) {
    return t`Для остальных сочетаний темы и критерия доверительный интервал включает ноль — эффект не отличается от нуля; меньший эффект, чем минимальный обнаружимый («заметен эффект от»), эти данные, скорее всего, не показали бы: ${joinParts(rows.map(one), '; ')}.`;
  }
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
      `${intro ? intro + ' ' : ''}${
        rows.some((e) => 'estimate_twfe' in e)
          ? 'Разность разностей при ступенчатом внедрении (групповые эффекты Каллауэя — Сант-Анны): изменение среднего балла критерия в регионах, внедривших практики темы, с года внедрения сравнивается с изменением в регионах, которые их ещё не внедрили или не внедряли; оценка — среднее по годам после внедрения.'
          : 'Разность разностей: изменение среднего балла критерия в регионах, внедривших практики темы, сравнивается с изменением в регионах, которые их не внедряли.'
      } Это не эксперимент: регионы сами выбирают, что внедрять, поэтому связь — не доказательство причины.`,
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
