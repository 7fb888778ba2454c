// The resolution brief («Справка для резолюции»): one module shared by the Node CLI
// (pipelines/brief/cli.ts, `npm run brief`) and the dashboard page (reports/pages/brief.md via
// BriefView.svelte), so the two can never drift apart.
//
// The brief is built as data first. Input: the rows of a fixed list of marts (BRIEF_TABLES; a mart
// that is not in the warehouse yet is passed as undefined and its section is replaced by a visible
// note). Output: sections made of blocks whose text is a list of parts — plain strings and
// references to facts. A fact is one value of one row of one mart: { id, text, value, formatted,
// mart, key (the row's unique key: column → value), column }. No number is written into the text
// any other way, so every figure in the Markdown, the HTML and the PDF traces to a mart (brief.json
// lists them; tests/warehouse/brief.test.ts re-queries each one).
//
// Plain JavaScript (no TypeScript, no imports but fmt.js) so that Evidence's Svelte components can
// import it; its types for the TypeScript side are in brief.d.ts.

import { format, formatNumber, formatPercent, toNumber, isMissing, plural, unitForms } from '@nok-atlas/common/fmt.js';

// plural lives in fmt.js (with the rule for fractions); brief.js keeps exporting it
export { plural };

const NBSP = '\u00a0';

/** Marts the brief reads (schema `marts`). */
export const BRIEF_TABLES = [
	'region',
	'reconciliation',
	'operator_cost_summary',
	'operator_cost_benchmark',
	'funding_source_share',
	'procurement_method_share',
	'procurement_method_use',
	'control_form_share',
	'acceptance_refusal',
	'online_tool_share',
	'online_paper_share',
	'survey_participation',
	'survey_authority',
	'nok_region_score',
	'nok_district_score',
	'practice',
	'practice_theme',
	'practice_metric',
	'practice_theme_vocabulary',
	'practice_effect'
];

/** The unique key of each mart (from its contract): a fact's `key` is these columns of its row. */
export const MART_KEYS = {
	region: ['region_code'],
	reconciliation: ['figure_id'],
	operator_cost_summary: ['measure', 'statistic', 'method', 'observation_unit', 'period'],
	operator_cost_benchmark: ['region_code'],
	funding_source_share: ['category_code'],
	procurement_method_share: ['year', 'method_code'],
	procurement_method_use: ['region_code', 'year', 'method_code'],
	control_form_share: ['form_code'],
	acceptance_refusal: ['region_code'],
	online_tool_share: ['requirement_code'],
	online_paper_share: ['ratio_code'],
	survey_participation: ['region_code'],
	survey_authority: ['authority_id'],
	nok_region_score: ['region_code', 'year', 'sphere'],
	nok_district_score: ['district', 'year', 'sphere'],
	practice: ['practice_id'],
	practice_theme: ['practice_id', 'theme'],
	practice_metric: ['practice_id', 'metric_no'],
	practice_theme_vocabulary: ['theme'],
	practice_effect: ['theme', 'criterion']
};

/** Marts each section needs; a section whose marts are missing is replaced by a note. */
export const SECTION_TABLES = {
	survey: ['reconciliation', 'operator_cost_summary', 'funding_source_share'],
	cost: ['operator_cost_summary', 'operator_cost_benchmark'],
	procurement: ['procurement_method_share', 'control_form_share', 'acceptance_refusal', 'online_tool_share', 'online_paper_share', 'reconciliation'],
	scores: ['nok_district_score', 'nok_region_score'],
	practices: ['practice', 'practice_theme', 'practice_metric'],
	effects: ['practice_effect']
};

export const SECTION_TITLES = {
	survey: 'Ключевые цифры опроса органов власти',
	cost: 'Стоимость работ оператора',
	procurement: 'Закупка работ оператора и контроль их качества',
	scores: 'Баллы НОК и их динамика',
	practices: 'Практики регионов',
	effects: 'Эффект практик: что показывают данные',
	resolution: 'Предлагаемые формулировки резолюции',
	sources: 'Источники цифр и практик'
};

export const CRITERIA = {
	k1: 'Открытость и доступность информации',
	k2: 'Комфортность условий',
	k3: 'Доступность услуг для инвалидов',
	k4: 'Доброжелательность, вежливость работников',
	k5: 'Удовлетворённость условиями оказания услуг'
};
const CRITERION_LABEL = { k1: 'К1', k2: 'К2', k3: 'К3', k4: 'К4', k5: 'К5' };

export const ALL_SPHERES = 'все сферы';
export const COUNTRY = 'РФ';

/** Addressees, as forum resolutions name them (seeds 000, 001). */
export const ADDRESSEES = {
	federal: 'Министерству труда и социальной защиты Российской Федерации',
	regions: 'Органам исполнительной власти субъектов Российской Федерации',
	councils: 'Общественным советам по проведению независимой оценки качества',
	operators: 'Операторам, осуществляющим сбор и обобщение информации о качестве условий оказания услуг',
	organizations: 'Руководителям организаций социальной сферы'
};
const ADDRESSEE_ORDER = ['federal', 'region', 'regions', 'councils', 'operators', 'organizations'];

// ---------------------------------------------------------------------------------------------
// small helpers

/** The noun's form for a fact as the text shows it (a mean of 20,96 shown as «21» takes «организация»). */
const pl = (f, one, few, many) => plural(f?.formatted ?? f?.value, one, few, many);

const collator = new Intl.Collator('ru', { sensitivity: 'base', numeric: true });
const byText = (f) => (a, b) => collator.compare(String(f(a) ?? ''), String(f(b) ?? ''));
const byNum = (f, dir = 1) => (a, b) => dir * ((toNumber(f(a)) ?? -Infinity) - (toNumber(f(b)) ?? -Infinity));
/** Stable sort by several comparators. */
function sorted(rows, ...cmps) {
	return rows
		.map((r, i) => [r, i])
		.sort(([a, i], [b, j]) => {
			for (const c of cmps) {
				const x = c(a, b);
				if (x) return x;
			}
			return i - j;
		})
		.map(([r]) => r);
}

function plain(v) {
	if (typeof v === 'bigint') return Number(v);
	if (v instanceof Date) return v.toISOString();
	return v;
}

/** A value as the fact keeps it: numbers as numbers (BIGINT/HUGEINT/DECIMAL too), text as text. */
function factValue(v) {
	if (v === null || v === undefined) return null;
	if (typeof v === 'boolean' || typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'bigint') return toNumber(v);
	const n = toNumber(v);
	return n === null ? String(v) : n;
}

function rowsOf(t) {
	if (!t) return [];
	return Array.isArray(t) ? t : Array.from(t);
}

const isTrue = (v) => v === true || v === 1 || v === 'true';

/** Decimals of a published figure as written (5.839 → 3, 378 → 0). */
function decimalsOf(v) {
	const s = String(v);
	if (/e/i.test(s)) return 0;
	const i = s.indexOf('.');
	return i < 0 ? 0 : Math.min(4, s.length - i - 1);
}

/** A report figure as the report writes it, in the report's unit: «5,839 тыс. ₽», «47,3 %». */
export function formatReportValue(value, unit) {
	const n = toNumber(value);
	if (n === null) return '—';
	const d = decimalsOf(n);
	const u = String(unit ?? '').trim();
	if (u === 'доля') return formatPercent(n, Math.max(0, d - 2));
	const num = formatNumber(n, d);
	// money and percent keep their unit; counts («субъектов», «практик») are written by the sentence
	const map = { 'руб.': '₽', 'тыс. руб.': `тыс.${NBSP}₽`, 'млн руб.': `млн${NBSP}₽`, '%': '%' };
	const shown = map[u];
	return shown ? `${num}${NBSP}${shown}` : num;
}

/** A number in a report unit, with the decimals of the unit's usual precision. */
function formatInUnit(value, unit, decimals) {
	const n = toNumber(value);
	if (n === null) return '—';
	const u = String(unit ?? '').trim();
	const map = { 'руб.': '₽', 'тыс. руб.': `тыс.${NBSP}₽`, 'млн руб.': `млн${NBSP}₽`, '%': '%' };
	const shown = map[u] ?? u;
	const num = formatNumber(n, decimals);
	return shown ? `${num}${NBSP}${shown}` : num;
}

/**
 * A figure of a practice's text with its unit in the form for the number («2 этапа», «1 организация»):
 * the unit forms of marts.practice_metric (unit_one/unit_few/unit_many), else those of the stored unit.
 */
function metricFormatted(m) {
	const n = toNumber(m.value);
	if (n === null) return '—';
	const num = formatNumber(n, Math.min(2, decimalsOf(n)));
	const forms = !isMissing(m.unit_one) ? [m.unit_one, m.unit_few ?? m.unit_one, m.unit_many ?? m.unit_one] : unitForms(m.unit);
	if (!forms) return num;
	const u = plural(num, ...forms);
	if (u === 'руб.') return `${num}${NBSP}₽`;
	return u ? `${num}${NBSP}${u}` : num;
}

// ---------------------------------------------------------------------------------------------
// facts

/**
 * The registry of facts of one brief. `fact()` makes (or reuses) a fact from a mart row;
 * parts of text refer to facts by id; refs (Ф1, Ф2 …) are numbered at render time, in order of
 * first appearance.
 */
class Facts {
	constructor() {
		this.byId = new Map();
		this.practices = new Map();
	}

	/**
	 * @param mart   mart name (schema marts)
	 * @param row    the row (must contain the mart's key columns)
	 * @param column the column whose value is cited
	 * @param opts   { text, fmt, trim, unit (suffix), abs, bool: [yes, no], formatted, published }
	 */
	fact(mart, row, column, opts = {}) {
		const keyCols = MART_KEYS[mart];
		if (!keyCols) throw new Error(`brief: неизвестная витрина ${mart}`);
		const key = {};
		for (const c of keyCols) key[c] = plain(row[c] ?? null);
		const id = `${mart}:${keyCols.map((c) => String(key[c])).join('|')}:${column}${opts.abs ? ':abs' : ''}`;
		const existing = this.byId.get(id);
		if (existing) return existing;
		const value = factValue(row[column]);
		let formatted;
		if (opts.formatted !== undefined) formatted = opts.formatted;
		else if (typeof value === 'boolean') formatted = value ? (opts.bool?.[0] ?? 'да') : (opts.bool?.[1] ?? 'нет');
		else if (value === null) formatted = '—';
		else if (typeof value === 'string') formatted = value;
		else {
			const v = opts.abs ? Math.abs(value) : value;
			formatted = format(v, opts.fmt ?? 'num1', { trim: !!opts.trim }) + (opts.unit ?? '');
		}
		const f = {
			id,
			text: opts.text ?? column,
			value,
			formatted,
			mart: `marts.${mart}`,
			key,
			column,
			is_synthetic: isTrue(row.is_synthetic),
			display: opts.abs ? 'abs' : undefined,
			published: undefined
		};
		this.byId.set(id, f);
		return f;
	}

	/**
	 * Attaches the report's published value (marts.reconciliation) to a fact; it is shown beside
	 * the fact when the reconciliation says they differ.
	 */
	publish(f, recon) {
		if (!f || !recon) return f;
		const pub = this.fact('reconciliation', recon, 'published_value', {
			text: `опубликовано в отчёте (${recon.figure_id})`,
			formatted: formatReportValue(recon.published_value, recon.unit)
		});
		f.published = { fact: pub.id, figure_id: recon.figure_id, status: recon.status, differs: recon.status === 'mismatch' };
		return f;
	}

	practice(row) {
		const id = String(row.practice_id);
		if (!this.practices.has(id)) {
			this.practices.set(id, {
				practice_id: id,
				title: row.title ?? row.practice_title ?? '',
				region: row.region_name ?? '',
				region_code: row.region_code ?? null,
				page_url: row.page_url ?? `/practices/${id}/`,
				is_synthetic: isTrue(row.is_synthetic)
			});
		}
		return this.practices.get(id);
	}
}

/** Parts of text: `t\`text ${fact} text\`` keeps facts (objects with an id) as references. */
function t(strings, ...vals) {
	const parts = [];
	strings.forEach((s, i) => {
		if (s) parts.push(s);
		if (i < vals.length) pushPart(parts, vals[i]);
	});
	return parts;
}
function pushPart(parts, v) {
	if (v === null || v === undefined || v === false) return;
	if (Array.isArray(v)) {
		for (const x of v) pushPart(parts, x);
		return;
	}
	if (typeof v === 'object' && (typeof v.f === 'string' || typeof v.p === 'string')) parts.push(v);
	else if (typeof v === 'object' && v.id && 'mart' in v) parts.push({ f: v.id });
	else if (typeof v === 'object' && v.practice_id) parts.push({ p: v.practice_id });
	else if (typeof v === 'object' && ('em' in v || 'strong' in v)) parts.push(v);
	else parts.push(String(v));
}
/** Joins lists of parts with a separator string (and «и» before the last when `last` is given). */
function joinParts(list, sep = ', ', last = sep) {
	const out = [];
	list.forEach((p, i) => {
		if (i > 0) out.push(i === list.length - 1 ? last : sep);
		pushPart(out, p);
	});
	return out;
}

// ---------------------------------------------------------------------------------------------
// inputs

/**
 * Everything the builder needs from the tables, indexed. `tables[name]` is an array of rows
 * (or an Evidence query result, or undefined when the mart is not in the warehouse).
 */
function prepare(tables) {
	const T = {};
	const missing = [];
	for (const name of BRIEF_TABLES) {
		const v = tables?.[name];
		if (v === undefined || v === null) {
			T[name] = undefined;
			missing.push(name);
		} else {
			// Evidence writes a query with 0 rows as one row of NULLs (pipelines/site/build-site.ts)
			T[name] = rowsOf(v).filter((r) => MART_KEYS[name].some((c) => !isMissing(r[c])));
		}
	}
	return { T, missing };
}

function missingNote(names) {
	return `Раздел появится, когда в хранилище будут витрины ${names.map((n) => `marts.${n}`).join(', ')}.`;
}

// ---------------------------------------------------------------------------------------------
// the builder

/**
 * Builds the brief.
 * @param tables  { [mart]: rows[] | query | undefined }
 * @param opts    { region?: region_code | null, theme?: theme code | null }
 * @returns the brief: { title, scope, sections, resolution, facts(Map), practices(Map), synthetic }
 */
export function buildBrief(tables, opts = {}) {
	const { T, missing } = prepare(tables);
	const F = new Facts();
	const regionCode = opts.region && opts.region !== 'RF' ? String(opts.region) : null;
	const themeCode = opts.theme && opts.theme !== 'all' ? String(opts.theme) : null;

	const regionRow = regionCode ? (T.region ?? []).find((r) => r.region_code === regionCode) : undefined;
	const themeRow = themeCode ? (T.practice_theme_vocabulary ?? []).find((r) => r.theme === themeCode) : undefined;
	const scope = {
		region_code: regionCode,
		region_name: regionRow?.region_name ?? (regionCode ? `субъект ${regionCode}` : null),
		federal_district: regionRow?.federal_district ?? null,
		federal_district_short: regionRow?.federal_district_short ?? null,
		theme: themeCode,
		theme_title: themeRow?.theme_title ?? (themeCode ?? null)
	};
	const ctx = { T, F, scope, rules: [] };

	const sections = [];
	for (const id of ['survey', 'cost', 'procurement', 'scores', 'practices', 'effects']) {
		const need = SECTION_TABLES[id].filter((n) => !T[n]);
		if (need.length) {
			sections.push({ id, title: SECTION_TITLES[id], blocks: [{ type: 'note', parts: [missingNote(need)] }], omitted: true });
			continue;
		}
		const blocks = BUILDERS[id](ctx);
		sections.push({ id, title: SECTION_TITLES[id], blocks });
	}

	const resolution = buildResolution(ctx);
	const title = `Справка для резолюции: ${scope.region_name ?? 'Российская Федерация'}`;
	const brief = { title, scope, sections, resolution, facts: F.byId, practices: F.practices, missing };
	numberRefs(brief);
	brief.synthetic = [...brief.facts.values()].some((f) => f.ref && f.is_synthetic);
	return brief;
}

// --- survey -------------------------------------------------------------------------------------

function summaryRow(T, measure, statistic, method) {
	return (T.operator_cost_summary ?? []).find(
		(r) => r.measure === measure && r.statistic === statistic && (method === undefined || r.method === method) && isTrue(r.is_primary)
	);
}
function reconRow(T, figureId) {
	return (T.reconciliation ?? []).find((r) => r.figure_id === figureId);
}

function surveyBlocks(ctx) {
	const { T, F, scope } = ctx;
	const items = [];
	const recon = (id, text, decimals, unit) => {
		const r = reconRow(T, id);
		if (!r || r.computed_value === null || r.computed_value === undefined) return null;
		const f = F.fact('reconciliation', r, 'computed_value', { text, formatted: formatInUnit(r.computed_value, unit ?? r.unit, decimals) });
		return F.publish(f, r);
	};
	const sum = (measure, statistic, fmt, text, method, figureId, opts = {}) => {
		const r = summaryRow(T, measure, statistic, method);
		if (!r) return null;
		const f = F.fact('operator_cost_summary', r, 'value', { text, fmt, trim: opts.trim });
		if (figureId) F.publish(f, reconRow(T, figureId));
		return f;
	};
	const where = (measure, statistic, method) => {
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
			parts: t`Средняя начальная (максимальная) цена контракта на работы оператора — ${pMean}${pMin && pMax ? t` (от ${pMin}, ${where('planned_rub', 'min', 'direct')}, до ${pMax}, ${where('planned_rub', 'max', 'direct')})` : ''}.`
		});
	}
	const aMean = sum('actual_rub', 'mean', 'trub1', 'средняя цена контракта с оператором', 'direct', 'cost.actual.mean', { trim: true });
	const aMin = sum('actual_rub', 'min', 'trub1', 'минимальная цена контракта', 'direct', 'cost.actual.min', { trim: true });
	const aMax = sum('actual_rub', 'max', 'mrub3', 'максимальная цена контракта', 'direct', 'cost.actual.max', { trim: true });
	const ratio = sum('planned_to_actual', 'ratio', 'num1', 'НМЦК / цена контракта (отношение средних)', 'ratio of means', 'cost.planned_to_actual');
	if (aMean) {
		items.push({
			parts: t`Средняя цена заключённого контракта — ${aMean}${aMin && aMax ? t` (от ${aMin}, ${where('actual_rub', 'min', 'direct')}, до ${aMax}, ${where('actual_rub', 'max', 'direct')})` : ''}${ratio ? t`; средняя НМЦК выше её в ${ratio} раза` : ''}.`
		});
	}
	const oMean = sum('orgs_assessed', 'mean', 'int', 'среднее число организаций, оцениваемых за год', 'direct', 'cost.orgs_assessed.mean');
	if (oMean) items.push({ parts: t`В среднем за год регион оценивает ${oMean} ${pl(oMean, 'организацию', 'организации', 'организаций')}.` });
	const cMean = sum('cost_per_org_rub', 'mean', 'rub', 'средняя стоимость оценки одной организации', 'mean of regional ratios', 'cost.per_org.mean');
	const cMed = sum('cost_per_org_rub', 'median', 'rub', 'медиана стоимости оценки одной организации', 'mean of regional ratios');
	const rMean = sum('cost_per_respondent_rub', 'mean', 'rub', 'средняя стоимость работ на одного респондента', 'mean of regional ratios', 'cost.per_respondent.mean');
	if (cMean) {
		items.push({
			parts: t`Оценка одной организации стоит в среднем ${cMean}${cMed ? t`, медиана — ${cMed}` : ''}${rMean ? t`; работа оператора в расчёте на одного опрошенного — ${rMean}` : ''}.`
		});
	}
	const fund = (T.funding_source_share ?? []).find((r) => r.category_code === 'programme');
	if (fund) {
		const share = F.publish(F.fact('funding_source_share', fund, 'share', { text: 'доля субъектов, финансирующих работы оператора из программ', fmt: 'pct1' }), reconRow(T, 'funding.programme.share'));
		const n = F.publish(F.fact('funding_source_share', fund, 'regions', { text: 'субъектов, финансирующих работы оператора из программ', fmt: 'int' }), reconRow(T, 'funding.programme.regions'));
		items.push({ parts: t`Работы оператора финансируются из государственных программ в ${n} ${pl(n, 'субъекте', 'субъектах', 'субъектах')} (${share} ответивших).` });
	}
	const blocks = [{ type: 'ul', items }];

	if (scope.region_code) {
		const ri = [];
		const sp = (T.survey_participation ?? []).find((r) => r.region_code === scope.region_code);
		if (sp) ri.push({ parts: t`Участие в опросе: ${F.fact('survey_participation', sp, 'status_ru', { text: 'участие региона в опросе' })}.` });
		if (T.survey_authority) {
			const auth = sorted(
				T.survey_authority.filter((r) => r.region_code === scope.region_code),
				byText((r) => r.authority_id)
			);
			for (const a of auth) {
				ri.push({
					parts: t`${F.fact('survey_authority', a, 'authority_name', { text: 'орган власти, ответивший на опрос' })} — источник финансирования работ оператора: «${F.fact('survey_authority', a, 'funding_answer', { text: 'источник финансирования (ответ)' })}».`
				});
			}
		}
		if (ri.length) blocks.push({ type: 'p', parts: [{ strong: `${scope.region_name}` }] }, { type: 'ul', items: ri });
		else blocks.push({ type: 'note', parts: t`${scope.region_name}: ответов региона в опросе нет.` });
	}
	return blocks;
}

// --- cost ---------------------------------------------------------------------------------------

function costBlocks(ctx) {
	const { T, F, scope } = ctx;
	const blocks = [];
	const stat = (measure, statistic, fmt, text, method = 'mean of regional ratios') => {
		const r = summaryRow(T, measure, statistic, method);
		return r ? { r, f: F.fact('operator_cost_summary', r, 'value', { text, fmt }) } : null;
	};
	const items = [];
	for (const [measure, label, unitText] of [
		['cost_per_org_rub', 'на одну оценённую организацию', 'одной организации'],
		['cost_per_respondent_rub', 'на одного опрошенного получателя услуг', 'одного респондента']
	]) {
		const med = stat(measure, 'median', 'rub', `медиана стоимости ${unitText}`);
		const mean = stat(measure, 'mean', 'rub', `средняя стоимость ${unitText}`);
		const min = stat(measure, 'min', 'rub', `минимальная стоимость ${unitText}`);
		const max = stat(measure, 'max', 'rub', `максимальная стоимость ${unitText}`);
		if (!med && !mean) continue;
		const whereF = (s) => (s?.r.region_name ? F.fact('operator_cost_summary', s.r, 'region_name', { text: `регион: ${s.f.text}` }) : null);
		items.push({
			parts: t`Стоимость работ оператора ${label}: медиана ${med?.f}, среднее ${mean?.f}${min && max ? t`; от ${min.f} (${whereF(min)}) до ${max.f} (${whereF(max)})` : ''}.`
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
		} else if (!(toNumber(b.paid_years) > 0)) {
			blocks.push({
				type: 'p',
				parts: t`${scope.region_name}: оплаченных контрактов с оператором в опросе нет (лет без оплаты: ${F.fact('operator_cost_benchmark', b, 'free_years', { text: 'лет, когда оператор работал безвозмездно', fmt: 'int' })}) — стоимость сравнить нельзя.`
			});
		} else {
			const fx = (col, text, fmt = 'rub') => F.fact('operator_cost_benchmark', b, col, { text, fmt });
			const cost = fx('cost_per_org_rub', 'стоимость на одну организацию (регион)');
			const fd = fx('fd_cost_per_org_median', 'медиана по федеральному округу');
			const size = fx('size_cost_per_org_median', 'медиана регионов схожего размера');
			const all = fx('all_cost_per_org_median', 'медиана по всем регионам');
			const ri = [];
			ri.push({
				parts: t`Стоимость на одну организацию — ${cost} (за ${fx('paid_years', 'оплаченных лет', 'int')} ${pl(fx('paid_years', 'оплаченных лет', 'int'), 'оплаченный год', 'оплаченных года', 'оплаченных лет')}: ${fx('paid_year_list', 'оплаченные годы', 'text')}); медиана по округу (${fx('federal_district', 'федеральный округ', 'text')}) — ${fd}, по регионам схожего размера — ${size}, по всем регионам — ${all}.`
			});
			ri.push({
				parts: t`Место по стоимости одной организации: ${fx('fd_cost_per_org_rank', 'место в округе (1 — дешевле всех)', 'int')} из ${fx('fd_regions', 'регионов округа с оплатой', 'int')} в округе и ${fx('all_cost_per_org_rank', 'место в стране (1 — дешевле всех)', 'int')} из ${fx('all_regions', 'регионов с оплатой', 'int')} в стране (1 — дешевле всех).`
			});
			if (!isMissing(b.cost_per_respondent_rub)) {
				ri.push({
					parts: t`Стоимость на одного опрошенного — ${fx('cost_per_respondent_rub', 'стоимость на одного респондента (регион)')}, медиана по округу — ${fx('fd_cost_per_respondent_median', 'медиана по округу на респондента')}.`
				});
			}
			blocks.push({ type: 'p', parts: [{ strong: `${scope.region_name}` }] }, { type: 'ul', items: ri });
			ctx.bench = { row: b, cost, fd, all };
		}
	}
	return blocks;
}

// --- procurement and control ----------------------------------------------------------------------

const METHOD_NAMES = {
	sole_supplier: 'закупка у единственного поставщика',
	auction: 'аукцион',
	open_contest: 'открытый конкурс',
	quotation: 'запрос котировок',
	other: 'иные способы'
};
const CONTROL_NAMES = {
	tz_requirements: 'требования к отчётности в техническом задании',
	formal_check: 'формальная проверка отчёта на соответствие техническому заданию',
	selective_check: 'выборочная проверка результатов представителями общественного совета',
	working_group: 'представители общественного совета в рабочей группе оператора',
	other: 'иные формы'
};
const ONLINE_NAMES = {
	none: 'требований нет',
	own_tool: 'оператор разрабатывает собственный онлайн-инструмент',
	bus_gov: 'сайт bus.gov.ru',
	regional_it: 'региональный ИТ-сервис',
	treasury: 'приложение Федерального казначейства'
};

function procurementBlocks(ctx) {
	const { T, F, scope } = ctx;
	const blocks = [];
	const ps = T.procurement_method_share;
	const years = [...new Set(ps.map((r) => toNumber(r.year)).filter((y) => y !== null))].sort((a, b) => a - b);
	const last = years[years.length - 1];
	if (last !== undefined) {
		const rows = sorted(
			ps.filter((r) => toNumber(r.year) === last),
			byNum((r) => r.share, -1),
			byNum((r) => r.sort_order)
		);
		const yf = F.fact('procurement_method_share', rows[0], 'year', { text: 'год', fmt: 'year' });
		const list = rows.map((r) => t`${METHOD_NAMES[r.method_code] ?? r.method} — ${F.publish(F.fact('procurement_method_share', r, 'share', { text: `доля субъектов: ${r.method}`, fmt: 'pct1' }), reconRow(T, `procurement.${last}.${r.method_code}`))}`);
		const answered = F.fact('procurement_method_share', rows[0], 'regions_answered', { text: 'субъектов, ответивших о способе определения оператора', fmt: 'int' });
		const items = [
			{
				parts: t`Способ определения оператора в ${yf} году (доля субъектов из ${answered} ${pl(answered, 'ответившего', 'ответивших', 'ответивших')}): ${joinParts(list, '; ')}.${toNumber(rows[0].regions_multiple) > 0 ? ' Сумма долей больше единицы: часть регионов назвала несколько способов.' : ''}`
			}
		];
		const sole = sorted(ps.filter((r) => r.method_code === 'sole_supplier'), byNum((r) => r.year));
		if (sole.length > 1) {
			items.push({
				parts: t`Закупка у единственного поставщика по годам: ${joinParts(
					sole.map((r) => t`${F.fact('procurement_method_share', r, 'year', { text: 'год', fmt: 'year' })} — ${F.publish(F.fact('procurement_method_share', r, 'share', { text: `доля субъектов: ${r.method}`, fmt: 'pct1' }), reconRow(T, `procurement.${r.year}.sole_supplier`))}`),
					', '
				)}.`
			});
		}
		blocks.push({ type: 'ul', items });
		ctx.procurement = { last: rows, year: last };
	}

	const cf = sorted(T.control_form_share, byNum((r) => r.share, -1), byNum((r) => r.sort_order));
	if (cf.length) {
		const list = cf.map((r) => t`${CONTROL_NAMES[r.form_code] ?? r.form} — ${F.publish(F.fact('control_form_share', r, 'share', { text: `доля субъектов: ${r.form}`, fmt: 'pct1' }), reconRow(T, `control.${r.form_code}`))}`);
		blocks.push({ type: 'ul', items: [{ parts: t`Формы контроля результатов работы оператора (доля субъектов): ${joinParts(list, '; ')}.` }] });
	}

	const refusing = sorted(T.acceptance_refusal.filter((r) => isTrue(r.has_refusal)), byText((r) => r.region_name));
	const refN = reconRow(T, 'refusal.regions');
	const refNone = reconRow(T, 'refusal.none.share');
	const ri = [];
	if (refN && !isMissing(refN.computed_value)) {
		const n = F.publish(F.fact('reconciliation', refN, 'computed_value', { text: 'субъектов с опытом отказа в приёмке работ оператора', formatted: formatInUnit(refN.computed_value, '', 0) }), refN);
		const none = refNone && !isMissing(refNone.computed_value)
			? F.publish(F.fact('reconciliation', refNone, 'computed_value', { text: 'доля субъектов без опыта отказа в приёмке', formatted: formatInUnit(refNone.computed_value, '%', 1) }), refNone)
			: null;
		ri.push({
			parts: t`Опыт отказа в приёмке работ оператора есть у ${n} ${pl(n, 'субъекта', 'субъектов', 'субъектов')}${refusing.length ? t` (${joinParts(refusing.map((r) => F.fact('acceptance_refusal', r, 'region_name', { text: 'субъект с опытом отказа в приёмке' })), ', ')})` : ''}${none ? t`; у ${none} ответивших такого опыта нет` : ''}.`
		});
	}
	const ot = sorted(T.online_tool_share, byNum((r) => r.sort_order));
	if (ot.length) {
		const list = ot.map((r) => t`${ONLINE_NAMES[r.requirement_code] ?? r.requirement} — ${F.publish(F.fact('online_tool_share', r, 'share', { text: `доля субъектов: ${r.requirement}`, fmt: 'pct1' }), reconRow(T, `online.${r.requirement_code}`))}`);
		const otAnswered = F.fact('online_tool_share', ot[0], 'regions_answered', { text: 'субъектов, ответивших об онлайн-инструментах', fmt: 'int' });
		ri.push({ parts: t`Требования к оператору по онлайн-инструментам опроса (доля из ${otAnswered} ${pl(otAnswered, 'ответившего', 'ответивших', 'ответивших')}): ${joinParts(list, '; ')}.` });
	}
	const o80 = T.online_paper_share.find((r) => r.ratio_code === 'online80');
	if (o80) {
		ri.push({
			parts: t`Из регионов с требованиями к онлайн-опросу ${F.publish(F.fact('online_paper_share', o80, 'share', { text: 'доля регионов с наибольшей долей анкет онлайн', fmt: 'pct1' }), reconRow(T, 'online_paper.online80'))} указали соотношение анкет «${F.fact('online_paper_share', o80, 'ratio', { text: 'соотношение анкет онлайн и на бумаге' })}».`
		});
	}
	if (ri.length) blocks.push({ type: 'ul', items: ri });

	if (scope.region_code) {
		const ri2 = [];
		if (T.procurement_method_use) {
			const use = sorted(T.procurement_method_use.filter((r) => r.region_code === scope.region_code), byNum((r) => r.year), byText((r) => r.method_code));
			const byYear = new Map();
			for (const r of use) {
				const y = toNumber(r.year);
				if (!byYear.has(y)) byYear.set(y, []);
				byYear.get(y).push(r);
			}
			const parts = [...byYear.values()].map((rs) => t`${F.fact('procurement_method_use', rs[0], 'year', { text: 'год', fmt: 'year' })} — ${joinParts(rs.map((r) => F.fact('procurement_method_use', r, 'method', { text: 'способ определения оператора' })), ', ')}`);
			if (parts.length) ri2.push({ parts: t`Способ определения оператора по годам: ${joinParts(parts, '; ')}.` });
		}
		if (T.survey_authority) {
			for (const a of sorted(T.survey_authority.filter((r) => r.region_code === scope.region_code), byText((r) => r.authority_id))) {
				const seg = [];
				if (!isMissing(a.control_form_answer)) seg.push(t`контроль работы оператора: «${F.fact('survey_authority', a, 'control_form_answer', { text: 'форма контроля (ответ)' })}»`);
				if (!isMissing(a.online_tool_answer)) seg.push(t`требования к онлайн-инструментам: «${F.fact('survey_authority', a, 'online_tool_answer', { text: 'требования к онлайн-инструментам (ответ)' })}»`);
				if (seg.length) ri2.push({ parts: t`${F.fact('survey_authority', a, 'authority_name', { text: 'орган власти, ответивший на опрос' })} — ${joinParts(seg, '; ')}.` });
			}
		}
		const ar = T.acceptance_refusal.find((r) => r.region_code === scope.region_code);
		if (ar) ri2.push({ parts: t`Опыт отказа в приёмке работ оператора: ${F.fact('acceptance_refusal', ar, 'has_refusal', { text: 'опыт отказа в приёмке (да/нет)' })}.` });
		if (ri2.length) blocks.push({ type: 'p', parts: [{ strong: `${scope.region_name}` }] }, { type: 'ul', items: ri2 });
		ctx.regionSurvey = {
			soleLast: T.procurement_method_use?.find((r) => r.region_code === scope.region_code && toNumber(r.year) === ctx.procurement?.year && r.method_code === 'sole_supplier'),
			online: T.survey_authority?.find((r) => r.region_code === scope.region_code && r.online_tool_code === 'none')
		};
	}
	return blocks;
}

// --- NOK scores ---------------------------------------------------------------------------------

function weakest(row) {
	let best = null;
	for (const k of Object.keys(CRITERIA)) {
		const v = toNumber(row[k]);
		if (v === null) continue;
		if (!best || v < best.v) best = { k, v };
	}
	return best?.k ?? null;
}
function strongest(row) {
	let best = null;
	for (const k of Object.keys(CRITERIA)) {
		const v = toNumber(row[k]);
		if (v === null) continue;
		if (!best || v > best.v) best = { k, v };
	}
	return best?.k ?? null;
}

function scoresBlocks(ctx) {
	const { T, F, scope } = ctx;
	const blocks = [];
	const ds = T.nok_district_score;
	const rf = sorted(ds.filter((r) => r.district === COUNTRY && r.sphere === ALL_SPHERES), byNum((r) => r.year));
	if (!rf.length) return [{ type: 'note', parts: ['Баллов НОК по России в хранилище нет.'] }];
	const last = rf[rf.length - 1];
	const year = toNumber(last.year);
	const fy = (r) => F.fact(r.region_code ? 'nok_region_score' : 'nok_district_score', r, 'year', { text: 'год оценки', fmt: 'year' });
	const ds1 = (r, col, text, fmt = 'num1', extra = {}) => F.fact('nok_district_score', r, col, { text, fmt, ...extra });
	const items = [];
	items.push({
		parts: t`Средний итоговый балл НОК по России в ${fy(last)} году — ${ds1(last, 'total', 'средний итоговый балл по России')} (${ds1(last, 'n_orgs', 'организаций с баллами', 'int')} ${pl(ds1(last, 'n_orgs', 'организаций с баллами', 'int'), 'организация', 'организации', 'организаций')} в ${ds1(last, 'n_regions', 'регионов с баллами', 'int')} ${pl(ds1(last, 'n_regions', 'регионов с баллами', 'int'), 'регионе', 'регионах', 'регионах')}).`
	});
	if (rf.length > 1) {
		items.push({ parts: t`Динамика: ${joinParts(rf.map((r) => t`${fy(r)} — ${ds1(r, 'total', 'средний итоговый балл по России')}`), '; ')}.` });
	}
	if (!isMissing(last.total_change)) {
		const ch = toNumber(last.total_change);
		items.push({ parts: t`За последний год балл ${ch >= 0 ? 'вырос' : 'снизился'} на ${ds1(last, 'total_change', 'изменение среднего балла к предыдущему году', 'num1', { abs: true })} балла.` });
	}
	const crit = Object.keys(CRITERIA).filter((k) => !isMissing(last[k]));
	if (crit.length) {
		items.push({ parts: t`По критериям: ${joinParts(crit.map((k) => t`${CRITERION_LABEL[k]} «${CRITERIA[k]}» — ${ds1(last, k, `средний балл ${CRITERION_LABEL[k]} по России`)}`), '; ')}.` });
	}
	const spheres = sorted(
		ds.filter((r) => r.district === COUNTRY && toNumber(r.year) === year && r.sphere !== ALL_SPHERES),
		byNum((r) => r.total),
		byText((r) => r.sphere)
	);
	if (spheres.length > 1) {
		items.push({ parts: t`По сферам (от низшего балла к высшему): ${joinParts(spheres.map((r) => t`${r.sphere} — ${ds1(r, 'total', `средний итоговый балл: ${r.sphere}`)} (${ds1(r, 'n_orgs', `организаций: ${r.sphere}`, 'int')} орг.)`), '; ')}.` });
	}
	const districts = sorted(
		ds.filter((r) => r.district !== COUNTRY && toNumber(r.year) === year && r.sphere === ALL_SPHERES),
		byNum((r) => r.total, -1),
		byText((r) => r.district)
	);
	if (districts.length > 1) {
		const hi = districts[0];
		const lo = districts[districts.length - 1];
		items.push({
			parts: t`Среди федеральных округов самый высокий средний балл — ${ds1(hi, 'district_name', 'федеральный округ', 'text')} (${ds1(hi, 'total', 'средний итоговый балл округа')}), самый низкий — ${ds1(lo, 'district_name', 'федеральный округ', 'text')} (${ds1(lo, 'total', 'средний итоговый балл округа')}).`
		});
	}
	blocks.push({ type: 'ul', items });
	ctx.scores = { rf: last, weakest: weakest(last), strongest: strongest(last) };

	if (scope.region_code) {
		const rs = sorted(T.nok_region_score.filter((r) => r.region_code === scope.region_code && r.sphere === ALL_SPHERES), byNum((r) => r.year));
		if (!rs.length) {
			blocks.push({ type: 'note', parts: t`${scope.region_name}: баллов НОК в хранилище нет.` });
			return blocks;
		}
		const rl = rs[rs.length - 1];
		const rx = (r, col, text, fmt = 'num1', extra = {}) => F.fact('nok_region_score', r, col, { text, fmt, ...extra });
		const ri = [];
		const fdRow = ds.find((r) => r.district === rl.federal_district_short && toNumber(r.year) === toNumber(rl.year) && r.sphere === ALL_SPHERES);
		const rfRow = ds.find((r) => r.district === COUNTRY && toNumber(r.year) === toNumber(rl.year) && r.sphere === ALL_SPHERES);
		ri.push({
			parts: t`Средний итоговый балл в ${fy(rl)} году — ${rx(rl, 'total', 'средний итоговый балл региона')} (${rx(rl, 'n_orgs', 'организаций региона с баллами', 'int')} ${pl(rx(rl, 'n_orgs', 'организаций региона с баллами', 'int'), 'организация', 'организации', 'организаций')}); ${rx(rl, 'rank_total', 'место региона по среднему баллу (1 — высший)', 'int')}-е место из ${rx(rl, 'n_regions', 'регионов с баллами', 'int')}${fdRow ? t`; по округу — ${ds1(fdRow, 'total', 'средний итоговый балл округа')}` : ''}${rfRow ? t`, по России — ${ds1(rfRow, 'total', 'средний итоговый балл по России')}` : ''}.`
		});
		if (rs.length > 1) ri.push({ parts: t`Динамика: ${joinParts(rs.map((r) => t`${fy(r)} — ${rx(r, 'total', 'средний итоговый балл региона')}`), '; ')}.` });
		if (!isMissing(rl.total_change)) {
			const ch = toNumber(rl.total_change);
			ri.push({ parts: t`За последний год балл региона ${ch >= 0 ? 'вырос' : 'снизился'} на ${rx(rl, 'total_change', 'изменение балла региона к предыдущему году', 'num1', { abs: true })} балла.` });
		}
		const rc = Object.keys(CRITERIA).filter((k) => !isMissing(rl[k]));
		if (rc.length) ri.push({ parts: t`По критериям: ${joinParts(rc.map((k) => t`${CRITERION_LABEL[k]} — ${rx(rl, k, `балл ${CRITERION_LABEL[k]} региона`)}`), '; ')}.` });
		const rsp = sorted(
			T.nok_region_score.filter((r) => r.region_code === scope.region_code && toNumber(r.year) === toNumber(rl.year) && r.sphere !== ALL_SPHERES),
			byNum((r) => r.total),
			byText((r) => r.sphere)
		);
		if (rsp.length > 1) ri.push({ parts: t`По сферам: ${joinParts(rsp.map((r) => t`${r.sphere} — ${rx(r, 'total', `средний итоговый балл региона: ${r.sphere}`)}`), '; ')}.` });
		blocks.push({ type: 'p', parts: [{ strong: `${scope.region_name}` }] }, { type: 'ul', items: ri });
		ctx.regionScores = { last: rl, rf: rfRow, fd: fdRow, weakest: weakest(rl) };
	}
	return blocks;
}

// --- practices ----------------------------------------------------------------------------------

const MAX_METRICS = 4;
const MAX_PRACTICES_DEFAULT = 12;

function firstSentences(text, max = 320) {
	const s = String(text ?? '').replace(/\s+/g, ' ').trim();
	if (s.length <= max) return s;
	const cut = s.slice(0, max);
	const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
	return end > 80 ? cut.slice(0, end + 1) : cut.replace(/\s+\S*$/, '') + '…';
}

function practiceBlock(ctx, p) {
	const { T, F } = ctx;
	const ref = F.practice(p);
	const meta = [p.type, p.level ? `уровень: ${p.level}` : null, p.sphere].filter((x) => !isMissing(x));
	const head = t`${{ strong: p.title }} — ${F.fact('practice', p, 'region_name', { text: 'регион практики' })}${meta.length ? ` (${meta.join('; ')})` : ''}${!isMissing(p.start_year) ? t`, с ${F.fact('practice', p, 'start_year', { text: 'год начала практики', fmt: 'year' })} г.` : ''} ${ref}`;
	const metrics = sorted((T.practice_metric ?? []).filter((m) => m.practice_id === p.practice_id), byNum((m) => m.metric_no));
	// figures from one sentence of the description are shown together, with the sentence quoted once
	const shown = [];
	for (const m of metrics.slice(0, MAX_METRICS)) {
		const quote = String(m.sentence ?? m.measures ?? '').trim();
		const parts = t`${F.fact('practice_metric', m, 'value', { text: `цифра практики: ${m.measures ?? ''}`.trim(), formatted: metricFormatted(m) })}${!isMissing(m.year) ? t` (${F.fact('practice_metric', m, 'year', { text: 'год цифры', fmt: 'year' })})` : ''}`;
		const prev = shown[shown.length - 1];
		if (prev && prev.quote === quote) prev.parts.push('; ', ...parts);
		else shown.push({ parts, quote });
	}
	return {
		type: 'practice',
		practice_id: p.practice_id,
		parts: head,
		description: firstSentences(p.description),
		metrics: shown,
		more: metrics.length > MAX_METRICS ? `Остальные измеренные результаты — в карточке практики ${p.practice_id} на странице «Каталог практик».` : null,
		is_synthetic: isTrue(p.is_synthetic)
	};
}

function practicesBlocks(ctx) {
	const { T, F, scope } = ctx;
	const blocks = [];
	const all = T.practice;
	const order = (rows) => sorted(rows, byText((p) => p.region_name), byNum((p) => p.report_order), byText((p) => p.practice_id));
	const themeIds = scope.theme ? new Set(T.practice_theme.filter((r) => r.theme === scope.theme).map((r) => r.practice_id)) : null;
	let chosen = [];
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
				parts: t`У региона ${scope.region_name} в каталоге практик нет.${chosen.length ? ` Ниже — практики других регионов того же федерального округа (${scope.federal_district ?? fd}).` : ''}`
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
			all.filter((p) => toNumber(p.metric_count) > 0),
			byNum((p) => p.metric_count, -1),
			byText((p) => p.region_name),
			byText((p) => p.practice_id)
		).slice(0, MAX_PRACTICES_DEFAULT);
	}
	for (const p of chosen) blocks.push(practiceBlock(ctx, p));
	ctx.chosenPractices = chosen;
	return blocks;
}

// --- effects ------------------------------------------------------------------------------------

function effectSentence(ctx, e) {
	const { F } = ctx;
	const fx = (col, text, fmt = 'num2', extra = {}) => F.fact('practice_effect', e, col, { text: `${text}: ${e.theme_title}, ${CRITERION_LABEL[e.criterion] ?? e.criterion}`, fmt, ...extra });
	const crit = `${CRITERION_LABEL[e.criterion] ?? e.criterion} «${CRITERIA[e.criterion] ?? e.criterion}»`;
	const head = t`${{ strong: `«${e.theme_title}» → ${crit}` }}: `;
	if (isMissing(e.estimate)) {
		return t`${head}оценить нельзя — нет регионов, внедривших практики темы и наблюдавшихся после внедрения.`;
	}
	const est = toNumber(e.estimate);
	const lo = toNumber(e.ci_low);
	const hi = toNumber(e.ci_high);
	const n = t`${fx('n_treated_regions', 'регионов, внедривших тему', 'int')} ${pl(fx('n_treated_regions', 'регионов, внедривших тему', 'int'), 'регион внедрил', 'региона внедрили', 'регионов внедрили')} практики темы, ${fx('n_control_regions', 'регионов сравнения', 'int')} — для сравнения`;
	const interval = t`95-процентный доверительный интервал — от ${fx('ci_low', 'нижняя граница 95 % интервала')} до ${fx('ci_high', 'верхняя граница 95 % интервала')}`;
	if (lo > 0 || hi < 0) {
		const up = est > 0;
		const holm = isTrue(e.is_significant_holm);
		return t`${head}после внедрения балл критерия ${up ? 'вырос' : 'снизился'} в среднем на ${fx('estimate', 'оценка эффекта, баллов', 'num2', { abs: true })} балла сильнее, чем в регионах без таких практик (${interval}; ${n}). Интервал не включает ноль: ${up ? 'рост' : 'снижение'}, по-видимому, связан с практиками${holm ? '' : ', но с поправкой на множественные сравнения это не подтверждается'}.`;
	}
	return t`${head}оценка — ${fx('estimate', 'оценка эффекта, баллов')} балла, ${interval} (${n}). Интервал включает ноль: по этим данным нельзя утверждать, что практики темы меняют этот балл.`;
}

function effectsBlocks(ctx) {
	const { T, scope } = ctx;
	let rows = T.practice_effect;
	let intro;
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
	const significant = (e) => !isMissing(e.estimate) && (toNumber(e.ci_low) > 0 || toNumber(e.ci_high) < 0);
	rows = sorted(rows, (a, b) => Number(significant(b)) - Number(significant(a)), byNum((e) => e.estimate, -1), byText((e) => e.theme), byText((e) => e.criterion));
	const blocks = [];
	blocks.push({
		type: 'p',
		parts: [
			`${intro ? intro + ' ' : ''}Разность разностей: изменение среднего балла критерия в регионах, внедривших практики темы, сравнивается с изменением в регионах, которые их не внедряли. Это не эксперимент: регионы сами выбирают, что внедрять, поэтому связь — не доказательство причины.`
		]
	});
	const full = scope.theme || rows.length <= 6 ? rows : rows.filter(significant);
	const rest = rows.filter((e) => !full.includes(e));
	const items = full.map((e) => ({ parts: effectSentence(ctx, e) }));
	if (rest.length) items.push({ parts: effectsCompact(ctx, rest) });
	blocks.push({ type: 'ul', items });
	ctx.effects = rows;
	return blocks;
}

/** Effects whose interval includes zero, in one line: «тема» → К5: 0,02 (от −0,49 до 0,53). */
function effectsCompact(ctx, rows) {
	const { F } = ctx;
	const fx = (e, col, text) => F.fact('practice_effect', e, col, { text: `${text}: ${e.theme_title}, ${CRITERION_LABEL[e.criterion] ?? e.criterion}`, fmt: 'num2' });
	const one = (e) =>
		isMissing(e.estimate)
			? t`«${e.theme_title}» → ${CRITERION_LABEL[e.criterion] ?? e.criterion}: оценить нельзя`
			: t`«${e.theme_title}» → ${CRITERION_LABEL[e.criterion] ?? e.criterion}: ${fx(e, 'estimate', 'оценка эффекта, баллов')} (от ${fx(e, 'ci_low', 'нижняя граница 95 % интервала')} до ${fx(e, 'ci_high', 'верхняя граница 95 % интервала')})`;
	return t`Для остальных сочетаний темы и критерия доверительный интервал включает ноль — влияние практик на балл по этим данным не подтверждается: ${joinParts(rows.map(one), '; ')}.`;
}

const BUILDERS = { survey: surveyBlocks, cost: costBlocks, procurement: procurementBlocks, scores: scoresBlocks, practices: practicesBlocks, effects: effectsBlocks };

// ---------------------------------------------------------------------------------------------
// «Предлагаемые формулировки резолюции»: templates that fire on conditions in the data

/**
 * The templates. Each: { id, addressee, when(ctx) → data | null, text(ctx, data) → parts, cites(ctx, data) → [fact|practice] }.
 * Every figure in a text is a fact; an item cites the facts and practices it rests on.
 * Exported for the unit tests and docs/brief.md.
 */
export const RESOLUTION_RULES = [
	{
		id: 'cost_above_district',
		addressee: 'region',
		when(ctx) {
			const b = ctx.bench;
			if (!b) return null;
			const cost = toNumber(b.row.cost_per_org_rub);
			const med = toNumber(b.row.fd_cost_per_org_median);
			// a fifth above the median: smaller gaps are within the spread of ordinary contracts
			return cost !== null && med !== null && cost > 1.2 * med ? b : null;
		},
		text: (ctx, b) =>
			t`Проанализировать обоснованность стоимости работ оператора: в расчёте на одну организацию она составляет ${b.cost}, что выше медианы по федеральному округу (${b.fd}); при подготовке следующей закупки предусмотреть обоснование цены контракта с учётом цен регионов округа.`,
		cites: (ctx, b) => [b.cost, b.fd]
	},
	{
		id: 'cost_below_half_district',
		addressee: 'region',
		when(ctx) {
			const b = ctx.bench;
			if (!b) return null;
			const cost = toNumber(b.row.cost_per_org_rub);
			const med = toNumber(b.row.fd_cost_per_org_median);
			return cost !== null && med !== null && cost < med / 2 ? b : null;
		},
		text: (ctx, b) =>
			t`Обеспечить достаточность средств на работы оператора: стоимость в расчёте на одну организацию (${b.cost}) менее половины медианы по федеральному округу (${b.fd}), что может сказываться на полноте сбора информации.`,
		cites: (ctx, b) => [b.cost, b.fd]
	},
	{
		id: 'planned_vs_actual',
		addressee: 'regions',
		when(ctx) {
			const r = summaryRow(ctx.T, 'planned_to_actual', 'ratio', 'ratio of means');
			const p = summaryRow(ctx.T, 'planned_rub', 'mean', 'direct');
			const a = summaryRow(ctx.T, 'actual_rub', 'mean', 'direct');
			return r && p && a && toNumber(r.value) >= 1.3 ? { r, p, a } : null;
		},
		text(ctx, d) {
			const { F } = ctx;
			d.fr = F.fact('operator_cost_summary', d.r, 'value', { text: 'НМЦК / цена контракта (отношение средних)', fmt: 'num1' });
			d.fp = F.fact('operator_cost_summary', d.p, 'value', { text: 'средняя НМЦК на работы оператора', fmt: 'trub1', trim: true });
			d.fa = F.fact('operator_cost_summary', d.a, 'value', { text: 'средняя цена контракта с оператором', fmt: 'trub1', trim: true });
			return t`Предусмотреть обоснование начальной (максимальной) цены контракта на работы оператора на основе фактических цен заключённых контрактов: средняя НМЦК (${d.fp}) в ${d.fr} раза превышает среднюю цену контракта (${d.fa}).`;
		},
		cites: (ctx, d) => [d.fp, d.fa, d.fr]
	},
	{
		id: 'sole_supplier',
		addressee: 'regions',
		when(ctx) {
			const rows = ctx.procurement?.last;
			const sole = rows?.find((r) => r.method_code === 'sole_supplier');
			const open = rows?.find((r) => r.method_code === 'open_contest');
			return sole && toNumber(sole.share) >= 0.4 ? { sole, open } : null;
		},
		text(ctx, d) {
			const { F } = ctx;
			d.fs = F.fact('procurement_method_share', d.sole, 'share', { text: `доля субъектов: ${d.sole.method}`, fmt: 'pct1' });
			d.fo = d.open ? F.fact('procurement_method_share', d.open, 'share', { text: `доля субъектов: ${d.open.method}`, fmt: 'pct1' }) : null;
			d.fy = F.fact('procurement_method_share', d.sole, 'year', { text: 'год', fmt: 'year' });
			const own = ctx.regionSurvey?.soleLast ? ` (в том числе ${ctx.scope.region_name})` : '';
			return t`Рекомендовать при определении оператора шире применять конкурентные способы закупки — открытый конкурс с неценовыми критериями, запрос котировок: в ${d.fy} году ${d.fs} субъектов${own} определяли оператора закупкой у единственного поставщика${d.fo ? t`, открытый конкурс — ${d.fo}` : ''}.`;
		},
		cites: (ctx, d) => [d.fs, d.fo]
	},
	{
		id: 'online_requirements',
		addressee: 'regions',
		when(ctx) {
			const rows = ctx.T.online_tool_share ?? [];
			const none = rows.find((r) => r.requirement_code === 'none');
			const bus = rows.find((r) => r.requirement_code === 'bus_gov');
			return none && toNumber(none.share) > 0.5 ? { none, bus } : null;
		},
		text(ctx, d) {
			const { F } = ctx;
			d.fn = F.fact('online_tool_share', d.none, 'share', { text: `доля субъектов: ${d.none.requirement}`, fmt: 'pct1' });
			d.fb = d.bus ? F.fact('online_tool_share', d.bus, 'share', { text: `доля субъектов: ${d.bus.requirement}`, fmt: 'pct1' }) : null;
			const own = ctx.regionSurvey?.online ? `, в том числе ${ctx.scope.region_name}` : '';
			return t`Предусматривать в технических заданиях операторам требования к использованию онлайн-инструментов опроса получателей услуг, в том числе сайта bus.gov.ru: таких требований не предъявляют ${d.fn} субъектов${own}${d.fb ? t`, сайт bus.gov.ru предписывают ${d.fb}` : ''}.`;
		},
		cites: (ctx, d) => [d.fn, d.fb]
	},
	{
		id: 'programme_funding',
		addressee: 'regions',
		when(ctx) {
			const r = (ctx.T.funding_source_share ?? []).find((x) => x.category_code === 'programme');
			return r && toNumber(r.share) < 0.8 ? { r } : null;
		},
		text(ctx, d) {
			d.f = ctx.F.fact('funding_source_share', d.r, 'share', { text: 'доля субъектов, финансирующих работы оператора из программ', fmt: 'pct1' });
			return t`Предусматривать финансирование работ оператора в государственных программах субъектов Российской Федерации в сфере социальной поддержки граждан: сейчас так поступают ${d.f} субъектов, остальные оплачивают работы из бюджета без целевого назначения, из внебюджетных средств или не оплачивают.`;
		},
		cites: (ctx, d) => [d.f]
	},
	{
		id: 'council_control',
		addressee: 'councils',
		when(ctx) {
			const none = reconRow(ctx.T, 'refusal.none.share');
			const sel = (ctx.T.control_form_share ?? []).find((r) => r.form_code === 'selective_check');
			return none && toNumber(none.computed_value) >= 90 && sel ? { none, sel } : null;
		},
		text(ctx, d) {
			const { F } = ctx;
			d.fn = F.fact('reconciliation', d.none, 'computed_value', { text: 'доля субъектов без опыта отказа в приёмке', formatted: formatInUnit(d.none.computed_value, '%', 1) });
			d.fs = F.fact('control_form_share', d.sel, 'share', { text: `доля субъектов: ${d.sel.form}`, fmt: 'pct1' });
			return t`Усилить контроль качества работ оператора: проводить выборочные проверки собранной информации при посещении организаций и участвовать в рабочей группе оператора. Отказа в приёмке работ оператора не было у ${d.fn} субъектов, а выборочную проверку представителями общественного совета применяют лишь ${d.fs}.`;
		},
		cites: (ctx, d) => [d.fn, d.fs]
	},
	{
		id: 'tz_reporting',
		addressee: 'regions',
		when(ctx) {
			const f = (ctx.T.control_form_share ?? []).find((r) => r.form_code === 'formal_check');
			const tz = (ctx.T.control_form_share ?? []).find((r) => r.form_code === 'tz_requirements');
			return f && tz && toNumber(f.share) >= 0.2 ? { f, tz } : null;
		},
		text(ctx, d) {
			const { F } = ctx;
			d.ff = F.fact('control_form_share', d.f, 'share', { text: `доля субъектов: ${d.f.form}`, fmt: 'pct1' });
			d.ft = F.fact('control_form_share', d.tz, 'share', { text: `доля субъектов: ${d.tz.form}`, fmt: 'pct1' });
			return t`Включать в технические задания операторам требования к отчётным и подтверждающим материалам (анкеты, фотоматериалы, промежуточные отчёты): такие требования используют ${d.ft} субъектов, а ${d.ff} ограничиваются формальной проверкой отчёта.`;
		},
		cites: (ctx, d) => [d.ft, d.ff]
	},
	{
		id: 'online_share_operators',
		addressee: 'operators',
		when(ctx) {
			const r = (ctx.T.online_paper_share ?? []).find((x) => x.ratio_code === 'online80');
			return r && toNumber(r.share) < 0.5 ? { r } : null;
		},
		text(ctx, d) {
			d.f = ctx.F.fact('online_paper_share', d.r, 'share', { text: 'доля регионов с наибольшей долей анкет онлайн', fmt: 'pct1' });
			return t`Увеличивать долю анкет, собираемых онлайн, и указывать в отчёте число анкет, собранных онлайн и на бумаге: среди регионов с требованиями к онлайн-опросу большую часть анкет онлайн собирают лишь ${d.f}.`;
		},
		cites: (ctx, d) => [d.f]
	},
	{
		id: 'region_below_country',
		addressee: 'region',
		when(ctx) {
			const s = ctx.regionScores;
			if (!s?.rf) return null;
			// a point below the national mean, or in the lowest quarter of regions
			const gap = toNumber(s.rf.total) - toNumber(s.last.total);
			const low = toNumber(s.last.rank_total) > 0.75 * toNumber(s.last.n_regions);
			return toNumber(s.last.total) < toNumber(s.rf.total) && (gap >= 1 || low) ? s : null;
		},
		text(ctx, s) {
			const { F } = ctx;
			s.ft = F.fact('nok_region_score', s.last, 'total', { text: 'средний итоговый балл региона', fmt: 'num1' });
			s.fr = F.fact('nok_district_score', s.rf, 'total', { text: 'средний итоговый балл по России', fmt: 'num1' });
			s.fk = F.fact('nok_region_score', s.last, 'rank_total', { text: 'место региона по среднему баллу (1 — высший)', fmt: 'int' });
			s.fn = F.fact('nok_region_score', s.last, 'n_regions', { text: 'регионов с баллами', fmt: 'int' });
			return t`Обеспечить контроль выполнения планов по устранению недостатков, выявленных в ходе независимой оценки: средний итоговый балл региона (${s.ft}) ниже среднего по России (${s.fr}), ${s.fk}-е место из ${s.fn}.`;
		},
		cites: (ctx, s) => [s.ft, s.fr, s.fk, s.fn]
	},
	{
		id: 'weakest_criterion',
		addressee: 'organizations',
		when(ctx) {
			const s = ctx.regionScores ?? (ctx.scores ? { last: ctx.scores.rf, weakest: ctx.scores.weakest, country: true } : null);
			if (!s || !s.weakest) return null;
			const best = strongest(s.last);
			return best && best !== s.weakest ? { ...s, best } : null;
		},
		text(ctx, s) {
			const mart = s.country ? 'nok_district_score' : 'nok_region_score';
			const where = s.country ? 'по России' : 'в регионе';
			s.fw = ctx.F.fact(mart, s.last, s.weakest, { text: `балл ${CRITERION_LABEL[s.weakest]} ${where}`, fmt: 'num1' });
			s.fb = ctx.F.fact(mart, s.last, s.best, { text: `балл ${CRITERION_LABEL[s.best]} ${where}`, fmt: 'num1' });
			return t`Обеспечить первоочередное устранение недостатков по критерию «${CRITERIA[s.weakest]}»: это наименьший из пяти критериев ${where} (${s.fw} против ${s.fb} по критерию «${CRITERIA[s.best]}»).`;
		},
		cites: (ctx, s) => [s.fw, s.fb]
	},
	{
		id: 'spread_effective_themes',
		addressee: 'regions',
		many: true,
		when(ctx) {
			const effects = ctx.effects ?? [];
			const out = effects.filter((e) => !isMissing(e.estimate) && toNumber(e.estimate) > 0 && toNumber(e.ci_low) > 0);
			return out.length ? out : null;
		},
		items(ctx, effects) {
			return effects.map((e) => {
				const { F, T } = ctx;
				const fe = F.fact('practice_effect', e, 'estimate', { text: `оценка эффекта, баллов: ${e.theme_title}, ${CRITERION_LABEL[e.criterion]}`, fmt: 'num2', abs: true });
				const lo = F.fact('practice_effect', e, 'ci_low', { text: `нижняя граница 95 % интервала: ${e.theme_title}, ${CRITERION_LABEL[e.criterion]}`, fmt: 'num2' });
				const hi = F.fact('practice_effect', e, 'ci_high', { text: `верхняя граница 95 % интервала: ${e.theme_title}, ${CRITERION_LABEL[e.criterion]}`, fmt: 'num2' });
				const ids = new Set((T.practice_theme ?? []).filter((r) => r.theme === e.theme).map((r) => r.practice_id));
				// the chosen region's own practices first, then those with measured results
				const own = (p) => (ctx.scope.region_code && p.region_code === ctx.scope.region_code ? 0 : 1);
				const examples = sorted((T.practice ?? []).filter((p) => ids.has(p.practice_id)), byNum(own), byNum((p) => p.metric_count, -1), byText((p) => p.region_name), byText((p) => p.practice_id)).slice(0, 3);
				const refs = examples.map((p) => F.practice(p));
				const synth = isTrue(e.is_synthetic) ? ' — по синтетическим данным' : '';
				const ex = refs.length ? t` (например, ${joinParts(examples.map((p) => t`${p.region_name} ${F.practice(p)}`), ', ')})` : '';
				return {
					parts: t`Распространить опыт практик темы «${e.theme_title}»${ex}: в регионах, внедривших такие практики, балл по критерию «${CRITERIA[e.criterion]}» вырос в среднем на ${fe} балла сильнее, чем в остальных (95-процентный интервал — от ${lo} до ${hi})${synth}.`,
					cites: [fe, lo, hi, ...refs]
				};
			});
		}
	},
	{
		id: 'measure_unproven_theme',
		addressee: 'regions',
		when(ctx) {
			if (!ctx.scope.theme) return null;
			const rows = (ctx.effects ?? []).filter((e) => e.theme === ctx.scope.theme && !isMissing(e.estimate));
			if (!rows.length || rows.some((e) => toNumber(e.ci_low) > 0)) return null;
			return rows[0];
		},
		text(ctx, e) {
			const { F } = ctx;
			e.fe = F.fact('practice_effect', e, 'estimate', { text: `оценка эффекта, баллов: ${e.theme_title}, ${CRITERION_LABEL[e.criterion]}`, fmt: 'num2' });
			e.lo = F.fact('practice_effect', e, 'ci_low', { text: `нижняя граница 95 % интервала: ${e.theme_title}, ${CRITERION_LABEL[e.criterion]}`, fmt: 'num2' });
			e.hi = F.fact('practice_effect', e, 'ci_high', { text: `верхняя граница 95 % интервала: ${e.theme_title}, ${CRITERION_LABEL[e.criterion]}`, fmt: 'num2' });
			return t`При внедрении практик темы «${e.theme_title}» предусматривать измерение их результатов до и после внедрения: по имеющимся данным влияние на балл по критерию «${CRITERIA[e.criterion]}» не подтверждено (оценка ${e.fe} балла, 95-процентный интервал — от ${e.lo} до ${e.hi}).`;
		},
		cites: (ctx, e) => [e.fe, e.lo, e.hi]
	},
	{
		id: 'share_practices',
		addressee: 'councils',
		when(ctx) {
			const own = (p) => (ctx.scope.region_code && p.region_code === ctx.scope.region_code ? 0 : 1);
			// the region's own first, then those with measured results
			const ps = sorted(ctx.chosenPractices ?? [], byNum(own), byNum((p) => p.metric_count, -1));
			return ps.length ? ps.slice(0, 5) : null;
		},
		text(ctx, ps) {
			const refs = ps.map((p) => ctx.F.practice(p));
			const what = ctx.scope.theme ? `практики темы «${ctx.scope.theme_title}»` : 'практики регионов';
			return t`Рассмотреть на заседаниях ${what} (${joinParts(ps.map((p) => t`${p.region_name} ${ctx.F.practice(p)}`), ', ')}) и рекомендовать органам власти и организациям социальной сферы применимые из них; описания практик разместить в открытом доступе.`;
		},
		cites: (ctx, ps) => ps.map((p) => ctx.F.practice(p))
	}
];

function buildResolution(ctx) {
	const groups = new Map();
	const add = (addressee, item) => {
		if (!groups.has(addressee)) groups.set(addressee, []);
		groups.get(addressee).push(item);
	};
	for (const rule of RESOLUTION_RULES) {
		let data;
		try {
			data = rule.when(ctx);
		} catch {
			data = null; // a template whose marts are missing simply does not fire
		}
		if (!data) continue;
		if (rule.many) {
			for (const it of rule.items(ctx, data)) add(rule.addressee, { rule: rule.id, parts: it.parts, cites: it.cites.filter(Boolean) });
		} else {
			const parts = rule.text(ctx, data);
			add(rule.addressee, { rule: rule.id, parts, cites: rule.cites(ctx, data).filter(Boolean) });
		}
	}
	const out = [];
	for (const a of ADDRESSEE_ORDER) {
		if (!groups.has(a)) continue;
		const title = a === 'region' ? `Органам исполнительной власти субъекта Российской Федерации (${ctx.scope.region_name})` : ADDRESSEES[a];
		out.push({ addressee: a, title, items: groups.get(a) });
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// numbering: Ф1… for facts and П1… for practices, in order of first appearance

function* walkParts(brief) {
	for (const s of brief.sections) {
		for (const b of s.blocks) yield* blockParts(b);
	}
	for (const g of brief.resolution) {
		for (const it of g.items) {
			yield* it.parts;
			for (const c of it.cites) yield c.practice_id ? { p: c.practice_id } : { f: c.id };
		}
	}
}
function* blockParts(b) {
	if (b.parts) yield* b.parts;
	if (b.items) for (const it of b.items) yield* it.parts;
	if (b.metrics) for (const m of b.metrics) yield* m.parts;
}

function numberRefs(brief) {
	let nf = 0;
	let np = 0;
	const see = (id) => {
		const f = brief.facts.get(id);
		if (f && !f.ref) {
			f.ref = `Ф${++nf}`;
			// the report's figure is shown (and numbered) only where it differs
			if (f.published?.differs) see(f.published.fact);
		}
	};
	for (const part of walkParts(brief)) {
		if (typeof part !== 'object') continue;
		if (part.f) see(part.f);
		if (part.p) {
			const p = brief.practices.get(part.p);
			if (p && !p.ref) p.ref = `П${++np}`;
		}
	}
	// facts made but not shown are dropped from the brief
	for (const [id, f] of brief.facts) if (!f.ref) brief.facts.delete(id);
	for (const [id, p] of brief.practices) if (!p.ref) brief.practices.delete(id);
	for (const g of brief.resolution) {
		for (const it of g.items) {
			it.refs = [...new Set(it.cites.map((c) => (c.practice_id ? brief.practices.get(c.practice_id)?.ref : brief.facts.get(c.id)?.ref)).filter(Boolean))];
		}
	}
}

// ---------------------------------------------------------------------------------------------
// rendering: Markdown and HTML from the same blocks

const SYNTH = 'синтетические данные';

function partsFacts(brief, parts) {
	return parts.filter((p) => typeof p === 'object' && p.f).map((p) => brief.facts.get(p.f)).filter(Boolean);
}
/** True when any figure in these parts rests on synthetic data. */
export function partsSynthetic(brief, parts) {
	return partsFacts(brief, parts).some((f) => f.is_synthetic);
}

/** Escapes what would turn text into Markdown markup (emphasis, code, HTML); keeps `_` and `[]` readable. */
function escMd(s) {
	return String(s).replace(/([\\`*<>])/g, '\\$1');
}
function escHtml(s) {
	return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function renderParts(brief, parts, mode) {
	const esc = mode === 'md' ? escMd : escHtml;
	let out = '';
	for (const p of parts) {
		if (typeof p === 'string') out += esc(p);
		else if (p.f) {
			const f = brief.facts.get(p.f);
			if (!f) continue;
			let s = mode === 'md' ? esc(f.formatted) : `<span class="fact" data-ref="${f.ref}" title="${escHtml(`${f.ref}: ${f.mart}.${f.column}`)}">${esc(f.formatted)}</span>`;
			if (f.published?.differs) {
				const pub = brief.facts.get(f.published.fact);
				if (pub) s += mode === 'md' ? ` (в отчёте: ${esc(pub.formatted)})` : ` <span class="published">(в отчёте: ${esc(pub.formatted)})</span>`;
			}
			out += s;
		} else if (p.p) {
			const pr = brief.practices.get(p.p);
			if (pr) out += mode === 'md' ? `[${pr.ref}]` : `<span class="pref">[${pr.ref}]</span>`;
		} else if (p.strong !== undefined) out += mode === 'md' ? `**${esc(p.strong)}**` : `<strong>${esc(p.strong)}</strong>`;
		else if (p.em !== undefined) out += mode === 'md' ? `*${esc(p.em)}*` : `<em>${esc(p.em)}</em>`;
	}
	return out;
}

function withSynth(brief, parts, text, mode) {
	if (!partsSynthetic(brief, parts)) return text;
	return mode === 'md' ? `${text} *(${SYNTH})*` : `${text} <span class="synthetic">(${SYNTH})</span>`;
}

function citeText(refs, mode) {
	if (!refs.length) return '';
	return mode === 'md' ? ` [${refs.join('; ')}]` : ` <span class="cite">[${refs.join('; ')}]</span>`;
}

function scopeLines(brief) {
	const s = brief.scope;
	const lines = [`Территория: ${s.region_name ? `${s.region_name}${s.federal_district ? ` (${s.federal_district})` : ''}` : 'Российская Федерация, все субъекты'}.`];
	lines.push(`Тема практик: ${s.theme ? `«${s.theme_title}»` : 'все темы'}.`);
	return lines;
}

const INTRO =
	'Каждая цифра справки взята из витрины хранилища НОК-Атлас и указана в разделе «Источники» (номер Ф, витрина, столбец, строка); там же — практики (номер П). Цифры, основанные на синтетических данных, помечены. Если пересчитанная цифра расходится с опубликованной в аналитическом отчёте, опубликованная приведена рядом.';

/** The brief as Markdown (for pasting into a resolution draft). */
export function renderMarkdown(brief) {
	const L = [];
	L.push(`# ${escMd(brief.title)}`, '');
	for (const l of scopeLines(brief)) L.push(escMd(l) + '  ');
	L.push('');
	if (brief.synthetic) L.push(`> **Внимание: ${SYNTH}.** Часть цифр основана на синтетических (сгенерированных для проверки) данных; такие цифры помечены «(${SYNTH})». Это не результаты реальных регионов.`, '');
	L.push(escMd(INTRO), '');
	let n = 0;
	for (const s of brief.sections) {
		L.push(`## ${++n}. ${escMd(s.title)}`, '');
		for (const b of s.blocks) L.push(...blockMd(brief, b), '');
	}
	L.push(`## ${++n}. ${escMd(SECTION_TITLES.resolution)}`, '');
	if (!brief.resolution.length) L.push('*Данных для формулировок недостаточно.*', '');
	for (const g of brief.resolution) {
		L.push(`**${escMd(g.title)}:**`, '');
		g.items.forEach((it, i) => {
			L.push(`${i + 1}) ${withSynth(brief, it.parts, renderParts(brief, it.parts, 'md'), 'md')}${citeText(it.refs, 'md')}`);
		});
		L.push('');
	}
	L.push(`## ${++n}. ${escMd(SECTION_TITLES.sources)}`, '');
	L.push(...sourcesMd(brief));
	return L.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function blockMd(brief, b) {
	switch (b.type) {
		case 'note':
			return [`*${renderParts(brief, b.parts, 'md')}*`];
		case 'p':
			return [withSynth(brief, b.parts, renderParts(brief, b.parts, 'md'), 'md')];
		case 'ul':
			return b.items.map((it) => `- ${withSynth(brief, it.parts, renderParts(brief, it.parts, 'md'), 'md')}`);
		case 'practice': {
			const out = [`- ${renderParts(brief, b.parts, 'md')}${b.is_synthetic ? ` *(${SYNTH})*` : ''}`];
			if (b.description) out.push(`  > ${escMd(b.description)}`);
			for (const m of b.metrics) {
				out.push(`  - ${withSynth(brief, m.parts, renderParts(brief, m.parts, 'md'), 'md')}${m.quote ? `: «${escMd(m.quote)}»` : ''}`);
			}
			if (b.more) out.push(`  - *${escMd(b.more)}*`);
			return out;
		}
		default:
			return [];
	}
}

function keyText(f) {
	return Object.entries(f.key)
		.map(([k, v]) => `${k} = ${typeof v === 'string' ? `'${v}'` : v}`)
		.join(', ');
}

function sourcesMd(brief) {
	const L = [];
	const facts = [...brief.facts.values()].sort((a, b) => Number(a.ref.slice(1)) - Number(b.ref.slice(1)));
	L.push('Цифры (витрина.столбец, строка):', '');
	for (const f of facts) {
		L.push(`- ${f.ref} — ${escMd(f.text)}: ${escMd(f.formatted)} — \`${f.mart}.${f.column}\` где \`${keyText(f).replace(/`/g, "'")}\`${f.is_synthetic ? ` *(${SYNTH})*` : ''}`);
	}
	const ps = [...brief.practices.values()].sort((a, b) => Number(a.ref.slice(1)) - Number(b.ref.slice(1)));
	if (ps.length) {
		L.push('', 'Практики (каталог практик, marts.practice):', '');
		for (const p of ps) L.push(`- ${p.ref} — «${escMd(p.title)}», ${escMd(p.region)}; код практики ${escMd(p.practice_id)}${p.is_synthetic ? ` *(${SYNTH})*` : ''}`);
	}
	return L;
}

/** CSS of the brief (screen and print); the page and the PDF use the same. No web fonts. */
export const BRIEF_CSS = `
.nok-brief { font-family: "Liberation Serif", "Times New Roman", "DejaVu Serif", serif; font-size: 12pt; line-height: 1.45; color: #111; max-width: 52rem; }
.nok-brief h1 { font-weight: 700; font-size: 17pt; margin: 0 0 0.4em; line-height: 1.25; }
.nok-brief h2 { font-weight: 700; font-size: 14pt; margin: 1.3em 0 0.5em; line-height: 1.3; page-break-after: avoid; }
.nok-brief p, .nok-brief li { margin: 0.3em 0; }
.nok-brief ul, .nok-brief ol { padding-left: 1.4em; margin: 0.3em 0 0.6em; list-style: disc; }
.nok-brief ol.resolution { list-style: decimal; }
.nok-brief ul ul { list-style: circle; }
.nok-brief .scope { color: #333; margin: 0 0 0.6em; }
.nok-brief .note { font-style: italic; color: #555; }
.nok-brief .synthetic { color: #8a4b00; font-style: italic; white-space: nowrap; }
.nok-brief .synthetic-banner { border: 2px dashed #b35806; background: #fff7ec; color: #5a2d00; padding: 0.5em 0.8em; margin: 0.6em 0 1em; }
.nok-brief .published { color: #a1001c; }
.nok-brief .cite, .nok-brief .pref { color: #444; white-space: nowrap; }
.nok-brief blockquote { margin: 0.2em 0 0.4em; padding: 0.1em 0 0.1em 0.8em; border-left: 3px solid #ccc; color: #333; font-size: 11pt; }
.nok-brief .addressee { font-weight: bold; margin: 0.9em 0 0.2em; }
.nok-brief .sources { font-size: 9.5pt; line-height: 1.3; }
.nok-brief .sources li { margin: 0.1em 0; }
.nok-brief .sources code { font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 9pt; }
@media print {
  .nok-brief { max-width: none; font-size: 11.5pt; }
  .nok-brief li, .nok-brief blockquote { page-break-inside: avoid; }
}
`;

/** A style element with the given CSS (built here: a literal style tag in a .svelte file is read as its own style block). */
export function styleTag(css) {
	return '<' + 'style>' + css + '</' + 'style>';
}

/** The brief as an HTML fragment (<article class="nok-brief">…</article>). */
export function renderHtml(brief) {
	const H = [];
	H.push('<article class="nok-brief" lang="ru">');
	H.push(`<h1>${escHtml(brief.title)}</h1>`);
	H.push(`<p class="scope">${scopeLines(brief).map(escHtml).join('<br>')}</p>`);
	if (brief.synthetic) {
		H.push(`<p class="synthetic-banner" role="note"><strong>Внимание: ${SYNTH}.</strong> Часть цифр основана на синтетических (сгенерированных для проверки) данных; такие цифры помечены «(${SYNTH})». Это не результаты реальных регионов.</p>`);
	}
	H.push(`<p class="intro">${escHtml(INTRO)}</p>`);
	let n = 0;
	for (const s of brief.sections) {
		H.push(`<section class="brief-section" data-section="${s.id}"><h2>${++n}. ${escHtml(s.title)}</h2>`);
		for (const b of s.blocks) H.push(blockHtml(brief, b));
		H.push('</section>');
	}
	H.push(`<section class="brief-section" data-section="resolution"><h2>${++n}. ${escHtml(SECTION_TITLES.resolution)}</h2>`);
	if (!brief.resolution.length) H.push('<p class="note">Данных для формулировок недостаточно.</p>');
	for (const g of brief.resolution) {
		H.push(`<p class="addressee">${escHtml(g.title)}:</p><ol class="resolution">`);
		for (const it of g.items) H.push(`<li data-rule="${it.rule}">${withSynth(brief, it.parts, renderParts(brief, it.parts, 'html'), 'html')}${citeText(it.refs, 'html')}</li>`);
		H.push('</ol>');
	}
	H.push('</section>');
	H.push(`<section class="brief-section sources" data-section="sources"><h2>${++n}. ${escHtml(SECTION_TITLES.sources)}</h2>`);
	const facts = [...brief.facts.values()].sort((a, b) => Number(a.ref.slice(1)) - Number(b.ref.slice(1)));
	H.push('<p>Цифры (витрина.столбец, строка):</p><ul>');
	for (const f of facts) {
		H.push(`<li id="${f.ref}">${f.ref} — ${escHtml(f.text)}: ${escHtml(f.formatted)} — <code>${escHtml(`${f.mart}.${f.column}`)}</code> где <code>${escHtml(keyText(f))}</code>${f.is_synthetic ? ` <span class="synthetic">(${SYNTH})</span>` : ''}</li>`);
	}
	H.push('</ul>');
	const ps = [...brief.practices.values()].sort((a, b) => Number(a.ref.slice(1)) - Number(b.ref.slice(1)));
	if (ps.length) {
		H.push('<p>Практики (каталог практик, marts.practice):</p><ul>');
		for (const p of ps) H.push(`<li id="${p.ref}">${p.ref} — «${escHtml(p.title)}», ${escHtml(p.region)}; код практики ${escHtml(p.practice_id)}${p.is_synthetic ? ` <span class="synthetic">(${SYNTH})</span>` : ''}</li>`);
		H.push('</ul>');
	}
	H.push('</section></article>');
	return H.join('\n');
}

function blockHtml(brief, b) {
	switch (b.type) {
		case 'note':
			return `<p class="note">${renderParts(brief, b.parts, 'html')}</p>`;
		case 'p':
			return `<p>${withSynth(brief, b.parts, renderParts(brief, b.parts, 'html'), 'html')}</p>`;
		case 'ul':
			return `<ul>${b.items.map((it) => `<li>${withSynth(brief, it.parts, renderParts(brief, it.parts, 'html'), 'html')}</li>`).join('')}</ul>`;
		case 'practice': {
			let s = `<ul class="practice" data-practice="${escHtml(b.practice_id)}"><li>${renderParts(brief, b.parts, 'html')}${b.is_synthetic ? ` <span class="synthetic">(${SYNTH})</span>` : ''}`;
			if (b.description) s += `<blockquote>${escHtml(b.description)}</blockquote>`;
			if (b.metrics.length || b.more) {
				s += '<ul>';
				for (const m of b.metrics) s += `<li>${withSynth(brief, m.parts, renderParts(brief, m.parts, 'html'), 'html')}${m.quote ? `: «${escHtml(m.quote)}»` : ''}</li>`;
				if (b.more) s += `<li class="note">${escHtml(b.more)}</li>`;
				s += '</ul>';
			}
			return s + '</li></ul>';
		}
		default:
			return '';
	}
}

/** A whole HTML document (for the PDF): the fragment with the CSS, A4 margins, no external resources. */
export function renderHtmlDocument(brief) {
	return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>${escHtml(brief.title)}</title>
<style>@page { size: A4; margin: 18mm 16mm 18mm 20mm; } body { margin: 0; }${BRIEF_CSS}</style>
</head><body>
${renderHtml(brief)}
</body></html>
`;
}

/** The facts and citations as plain JSON (brief.json): what a test or a sceptical reader traces. */
export function briefJson(brief) {
	const facts = [...brief.facts.values()]
		.sort((a, b) => Number(a.ref.slice(1)) - Number(b.ref.slice(1)))
		.map((f) => ({
			ref: f.ref,
			id: f.id,
			text: f.text,
			value: f.value,
			formatted: f.formatted,
			mart: f.mart,
			key: f.key,
			column: f.column,
			is_synthetic: f.is_synthetic,
			...(f.display ? { display: f.display } : {}),
			...(f.published ? { published: { ref: brief.facts.get(f.published.fact)?.ref, figure_id: f.published.figure_id, status: f.published.status, shown: f.published.differs } } : {})
		}));
	const practices = [...brief.practices.values()]
		.sort((a, b) => Number(a.ref.slice(1)) - Number(b.ref.slice(1)))
		.map((p) => ({ ref: p.ref, practice_id: p.practice_id, title: p.title, region: p.region, region_code: p.region_code }));
	return {
		title: brief.title,
		scope: brief.scope,
		is_synthetic: brief.synthetic,
		sections: brief.sections.map((s) => ({ id: s.id, title: s.title, omitted: !!s.omitted, note: s.omitted ? plainText(brief, s.blocks[0].parts) : undefined })),
		resolution: brief.resolution.map((g) => ({
			addressee: g.title,
			items: g.items.map((it) => ({ rule: it.rule, text: plainText(brief, it.parts), refs: it.refs, is_synthetic: partsSynthetic(brief, it.parts) }))
		})),
		facts,
		practices,
		missing_marts: brief.missing.map((m) => `marts.${m}`)
	};
}

/** Text of parts without markup (facts as formatted). */
export function plainText(brief, parts) {
	return parts
		.map((p) => {
			if (typeof p === 'string') return p;
			if (p.f) {
				const f = brief.facts.get(p.f);
				if (!f) return '';
				const pub = f.published?.differs ? brief.facts.get(f.published.fact) : null;
				return f.formatted + (pub ? ` (в отчёте: ${pub.formatted})` : '');
			}
			if (p.p) return `[${brief.practices.get(p.p)?.ref ?? ''}]`;
			return p.strong ?? p.em ?? '';
		})
		.join('');
}

/** File name part for a scope: `rossiya`, `77`, `77-staff_training`, `rossiya-feedback`. */
export function briefSlug(scope) {
	return [scope.region_code ?? 'rossiya', scope.theme].filter(Boolean).join('-');
}
