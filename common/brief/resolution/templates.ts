// «Предлагаемые формулировки резолюции»: the templates, as data. engine.ts reads this table;
// selections.ts says what a `slot` or a `from` selection is. Each template:
//
//   rows   the rows it reads, by name: { mart, where } (the first row of a mart with these
//          values), or { slot, where? } (what a section of the brief found: the template then
//          rests on what the brief shows). A name ending in «?» may be missing; any other
//          missing row means the template does not fire.
//   from   a selection of selections.ts that binds rows, words and practice lists (the weakest
//          criterion, effects with their example practices…); with `each`, one item per element.
//   when   conditions, all of which must hold: «a.col >= 0.4», «a.col > 1.2 * b.col»,
//          «a.col - b.col >= 1», «x != y», «a.col == 'ниже'» (text); { any: [...] } — one of; { not: c };
//          { none: list,
//          where: cond } — no row of a list. A comparison with a missing value is false.
//   facts  the figures: { row, column, text, fmt | inUnit: [unit, decimals], trim?, abs? };
//          text and column may use {placeholders}.
//   text   the sentence: {fact}, {list} (practices as «регион [П1], …»), {row.column},
//          {scope.region_name}, {word}; [ … ] is printed only when every fact or list inside has a
//          value and every guard holds: {?name} (the row is there / the value is true), {!name}.
//   cites  the facts and practice lists the item cites.
import type { Template } from './engine.ts';

const share = (row: string, label: string) => ({ row, column: 'share', text: `доля субъектов: {${row}.${label}}`, fmt: 'pct1' });
const effect = (column: string, text: string, abs = false) => ({ row: 'e', column, text: `${text}: {e.theme_title}, {criterion_label}`, fmt: 'num2', abs });

export const TEMPLATES: readonly Template[] = [
  {
    id: 'cost_above_district',
    addressee: 'region',
    rows: { bench: { slot: 'bench' } },
    // a fifth above the median: smaller gaps are within the spread of ordinary contracts
    when: ['bench.cost_per_org_rub > 1.2 * bench.fd_cost_per_org_median'],
    facts: {
      cost: { row: 'bench', column: 'cost_per_org_rub', text: 'стоимость на одну организацию (регион)', fmt: 'rub' },
      fd: { row: 'bench', column: 'fd_cost_per_org_median', text: 'медиана по федеральному округу', fmt: 'rub' },
    },
    text: 'Проанализировать обоснованность стоимости работ оператора: в расчёте на одну организацию она составляет {cost}, что выше медианы по федеральному округу ({fd}); при подготовке следующей закупки предусмотреть обоснование цены контракта с учётом цен регионов округа.',
    cites: ['cost', 'fd'],
  },
  {
    id: 'cost_below_half_district',
    addressee: 'region',
    rows: { bench: { slot: 'bench' } },
    when: ['bench.cost_per_org_rub < 0.5 * bench.fd_cost_per_org_median'],
    facts: {
      cost: { row: 'bench', column: 'cost_per_org_rub', text: 'стоимость на одну организацию (регион)', fmt: 'rub' },
      fd: { row: 'bench', column: 'fd_cost_per_org_median', text: 'медиана по федеральному округу', fmt: 'rub' },
    },
    text: 'Обеспечить достаточность средств на работы оператора: стоимость в расчёте на одну организацию ({cost}) менее половины медианы по федеральному округу ({fd}), что может сказываться на полноте сбора информации.',
    cites: ['cost', 'fd'],
  },
  {
    id: 'planned_vs_actual',
    addressee: 'regions',
    rows: {
      r: { mart: 'operator_cost_summary', where: { measure: 'planned_to_actual', statistic: 'ratio', method: 'ratio of means', is_primary: true } },
      p: { mart: 'operator_cost_summary', where: { measure: 'planned_rub', statistic: 'mean', method: 'direct', is_primary: true } },
      a: { mart: 'operator_cost_summary', where: { measure: 'actual_rub', statistic: 'mean', method: 'direct', is_primary: true } },
    },
    when: ['r.value >= 1.3'],
    facts: {
      fr: { row: 'r', column: 'value', text: 'НМЦК / цена контракта (отношение средних)', fmt: 'num1' },
      fp: { row: 'p', column: 'value', text: 'средняя НМЦК на работы оператора', fmt: 'trub1', trim: true },
      fa: { row: 'a', column: 'value', text: 'средняя цена контракта с оператором', fmt: 'trub1', trim: true },
    },
    text: 'Предусмотреть обоснование начальной (максимальной) цены контракта на работы оператора на основе фактических цен заключённых контрактов: средняя НМЦК ({fp}) в {fr} раза превышает среднюю цену контракта ({fa}).',
    cites: ['fp', 'fa', 'fr'],
  },
  {
    id: 'sole_supplier',
    addressee: 'regions',
    rows: {
      sole: { slot: 'procurement.last', where: { method_code: 'sole_supplier' } },
      'open?': { slot: 'procurement.last', where: { method_code: 'open_contest' } },
      'own?': { slot: 'region.sole_supplier' },
    },
    when: ['sole.share >= 0.4'],
    facts: { fs: share('sole', 'method'), fo: share('open', 'method'), fy: { row: 'sole', column: 'year', text: 'год', fmt: 'year' } },
    text: 'Рекомендовать при определении оператора шире применять конкурентные способы закупки — открытый конкурс с неценовыми критериями, запрос котировок: в {fy} году {fs} субъектов[{?own} (в том числе {scope.region_name})] определяли оператора закупкой у единственного поставщика[, открытый конкурс — {fo}].',
    cites: ['fs', 'fo'],
  },
  {
    id: 'online_requirements',
    addressee: 'regions',
    rows: {
      none: { mart: 'online_tool_share', where: { requirement_code: 'none' } },
      'bus?': { mart: 'online_tool_share', where: { requirement_code: 'bus_gov' } },
      'own?': { slot: 'region.no_online_requirements' },
    },
    when: ['none.share > 0.5'],
    facts: { fn: share('none', 'requirement'), fb: share('bus', 'requirement') },
    text: 'Предусматривать в технических заданиях операторам требования к использованию онлайн-инструментов опроса получателей услуг, в том числе сайта bus.gov.ru: таких требований не предъявляют {fn} субъектов[{?own}, в том числе {scope.region_name}][, сайт bus.gov.ru предписывают {fb}].',
    cites: ['fn', 'fb'],
  },
  {
    id: 'programme_funding',
    addressee: 'regions',
    rows: { r: { mart: 'funding_source_share', where: { category_code: 'programme' } } },
    when: ['r.share < 0.8'],
    facts: { f: { row: 'r', column: 'share', text: 'доля субъектов, финансирующих работы оператора из программ', fmt: 'pct1' } },
    text: 'Предусматривать финансирование работ оператора в государственных программах субъектов Российской Федерации в сфере социальной поддержки граждан: сейчас так поступают {f} субъектов, остальные оплачивают работы из бюджета без целевого назначения, из внебюджетных средств или не оплачивают.',
    cites: ['f'],
  },
  {
    id: 'council_control',
    addressee: 'councils',
    rows: {
      none: { mart: 'reconciliation', where: { figure_id: 'refusal.none.share' } },
      sel: { mart: 'control_form_share', where: { form_code: 'selective_check' } },
    },
    when: ['none.computed_value >= 90'],
    facts: { fn: { row: 'none', column: 'computed_value', text: 'доля субъектов без опыта отказа в приёмке', inUnit: ['%', 1] }, fs: share('sel', 'form') },
    text: 'Усилить контроль качества работ оператора: проводить выборочные проверки собранной информации при посещении организаций и участвовать в рабочей группе оператора. Отказа в приёмке работ оператора не было у {fn} субъектов, а выборочную проверку представителями общественного совета применяют лишь {fs}.',
    cites: ['fn', 'fs'],
  },
  {
    id: 'tz_reporting',
    addressee: 'regions',
    rows: {
      f: { mart: 'control_form_share', where: { form_code: 'formal_check' } },
      tz: { mart: 'control_form_share', where: { form_code: 'tz_requirements' } },
    },
    when: ['f.share >= 0.2'],
    facts: { ff: share('f', 'form'), ft: share('tz', 'form') },
    text: 'Включать в технические задания операторам требования к отчётным и подтверждающим материалам (анкеты, фотоматериалы, промежуточные отчёты): такие требования используют {ft} субъектов, а {ff} ограничиваются формальной проверкой отчёта.',
    cites: ['ft', 'ff'],
  },
  {
    id: 'online_share_operators',
    addressee: 'operators',
    rows: { r: { mart: 'online_paper_share', where: { ratio_code: 'online80' } } },
    when: ['r.share < 0.5'],
    facts: { f: { row: 'r', column: 'share', text: 'доля регионов с наибольшей долей анкет онлайн', fmt: 'pct1' } },
    text: 'Увеличивать долю анкет, собираемых онлайн, и указывать в отчёте число анкет, собранных онлайн и на бумаге: среди регионов с требованиями к онлайн-опросу большую часть анкет онлайн собирают лишь {f}.',
    cites: ['f'],
  },
  {
    id: 'region_below_country',
    addressee: 'region',
    rows: { last: { slot: 'region.score' }, rf: { slot: 'region.score_russia' } },
    // below Russia only when the region's whole 95 % interval is (marts.nok_region_score.vs_russia)
    when: ["last.vs_russia == 'ниже'"],
    facts: {
      ft: { row: 'last', column: 'total', text: 'средний итоговый балл региона', fmt: 'num1' },
      lo: { row: 'last', column: 'total_ci_low', text: 'нижняя граница 95 % интервала: средний итоговый балл региона', fmt: 'num1' },
      hi: { row: 'last', column: 'total_ci_high', text: 'верхняя граница 95 % интервала: средний итоговый балл региона', fmt: 'num1' },
      fr: { row: 'rf', column: 'total', text: 'средний итоговый балл по России', fmt: 'num1' },
      fk: { row: 'last', column: 'rank_total', text: 'место региона по среднему баллу (1 — высший)', fmt: 'int' },
      rl: { row: 'last', column: 'rank_low', text: 'лучшее правдоподобное место (95 %)', fmt: 'int' },
      rh: { row: 'last', column: 'rank_high', text: 'худшее правдоподобное место (95 %)', fmt: 'int' },
      fn: { row: 'last', column: 'n_regions_ranked', text: 'регионов с местом', fmt: 'int' },
    },
    text: 'Обеспечить контроль выполнения планов по устранению недостатков, выявленных в ходе независимой оценки: средний итоговый балл региона ({ft}; 95-процентный интервал — от {lo} до {hi}) ниже среднего по России ({fr}) с учётом случайных колебаний; {fk}-е место (возможные места — с {rl}-го по {rh}-е) из {fn}.',
    cites: ['ft', 'lo', 'hi', 'fr', 'fk', 'rl', 'rh', 'fn'],
  },
  {
    id: 'weakest_criterion',
    addressee: 'organizations',
    from: 'criteria',
    when: ['weakest != best'],
    facts: {
      fw: { row: 'last', column: '{weakest}', text: 'балл {weakest_label} {where}', fmt: 'num1' },
      fb: { row: 'last', column: '{best}', text: 'балл {best_label} {where}', fmt: 'num1' },
    },
    text: 'Обеспечить первоочередное устранение недостатков по критерию «{weakest_name}»: это наименьший из пяти критериев {where} ({fw} против {fb} по критерию «{best_name}»).',
    cites: ['fw', 'fb'],
  },
  {
    id: 'spread_effective_themes',
    addressee: 'regions',
    from: 'effects',
    each: true,
    // not when the check before adoption failed (a true/false column: false reads as 0)
    when: ['e.estimate > 0', 'e.ci_low > 0', { not: 'e.pretrend_ok == 0' }],
    facts: { fe: effect('estimate', 'оценка эффекта, баллов', true), lo: effect('ci_low', 'нижняя граница 95 % интервала'), hi: effect('ci_high', 'верхняя граница 95 % интервала') },
    text: 'Распространить опыт практик темы «{e.theme_title}»[ (например, {examples})]: в регионах, внедривших такие практики, балл по критерию «{criterion_name}» вырос в среднем на {fe} балла сильнее, чем в остальных (95-процентный интервал — от {lo} до {hi})[{?e.is_synthetic} — по синтетическим данным].',
    cites: ['fe', 'lo', 'hi', 'examples'],
  },
  {
    id: 'measure_unproven_theme',
    addressee: 'regions',
    from: 'theme_effects',
    when: [{ none: 'effects', where: 'ci_low > 0' }],
    facts: {
      fe: effect('estimate', 'оценка эффекта, баллов'),
      lo: effect('ci_low', 'нижняя граница 95 % интервала'),
      hi: effect('ci_high', 'верхняя граница 95 % интервала'),
      mde: { ...effect('mde', 'минимальный обнаружимый эффект, баллов'), optional: true },
    },
    text: 'При внедрении практик темы «{e.theme_title}» предусматривать измерение их результатов до и после внедрения: по имеющимся данным влияние на балл по критерию «{criterion_name}» не подтверждено (оценка {fe} балла, 95-процентный интервал — от {lo} до {hi})[: эффект не отличается от нуля, но эффект меньше {mde} балла эти данные, скорее всего, не заметили бы].',
    cites: ['fe', 'lo', 'hi', 'mde'],
  },
  {
    id: 'share_practices',
    addressee: 'councils',
    from: 'practices',
    text: 'Рассмотреть на заседаниях [{?scope.theme}практики темы «{scope.theme_title}»][{!scope.theme}практики регионов] ({ps}) и рекомендовать органам власти и организациям социальной сферы применимые из них; описания практик разместить в открытом доступе.',
    cites: ['ps'],
  },
];
