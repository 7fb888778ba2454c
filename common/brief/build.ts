// Building the brief: the marts' rows in, sections and resolution out, facts numbered Ф1, Ф2 …
// and practices П1, П2 … in order of first appearance.
import { isMissing } from '@nok-atlas/common/fmt.js';
import type { Ctx, SectionBuilder } from './context.ts';
import { Facts } from './facts.ts';
import { BRIEF_TABLES, SECTION_ORDER, SECTION_TABLES, SECTION_TITLES, type MartName } from './marts.ts';
import { buildResolution } from './resolution/engine.ts';
import { TEMPLATES } from './resolution/templates.ts';
import { costBlocks } from './sections/cost.ts';
import { effectsBlocks } from './sections/effects.ts';
import { practicesBlocks } from './sections/practices.ts';
import { procurementBlocks } from './sections/procurement.ts';
import { scoresBlocks } from './sections/scores.ts';
import { surveyBlocks } from './sections/survey.ts';
import type { Block, Brief, BriefOptions, MartKeys, Part, Scope, Section, SectionId, Tables } from './types.ts';
import { rowsOf } from './values.ts';

const BUILDERS: Record<SectionId, SectionBuilder> = {
  survey: surveyBlocks,
  cost: costBlocks,
  procurement: procurementBlocks,
  scores: scoresBlocks,
  practices: practicesBlocks,
  effects: effectsBlocks,
};

/**
 * The rows of each mart (an array, or an Evidence query result; undefined when the mart is not
 * in the warehouse), and the list of missing marts.
 */
function prepare(tables: Tables, keys: MartKeys): { T: Ctx['T']; missing: string[] } {
  const T: Ctx['T'] = {};
  const missing: string[] = [];
  for (const name of BRIEF_TABLES) {
    const key = keys[name];
    if (!key) throw new Error(`brief: нет ключа витрины marts.${name} (ключи берутся из контрактов моделей)`);
    const v = tables?.[name];
    if (v === undefined || v === null) {
      T[name] = undefined;
      missing.push(name);
    } else {
      // Evidence writes a query with 0 rows as one row of NULLs (pipelines/site/build-site.ts)
      T[name] = rowsOf(v).filter((r) => key.some((c) => !isMissing(r[c])));
    }
  }
  return { T, missing };
}

const missingNote = (names: readonly MartName[]) => `Раздел появится, когда в хранилище будут витрины ${names.map((n) => `marts.${n}`).join(', ')}.`;

/** Builds the brief from the marts' rows for a region and/or theme (null: all). */
export function buildBrief(tables: Tables, opts: BriefOptions): Brief {
  const { T, missing } = prepare(tables, opts.keys);
  const F = new Facts(opts.keys);
  const regionCode = opts.region && opts.region !== 'RF' ? String(opts.region) : null;
  const themeCode = opts.theme && opts.theme !== 'all' ? String(opts.theme) : null;
  const regionRow = regionCode ? (T.region ?? []).find((r) => r.region_code === regionCode) : undefined;
  const themeRow = themeCode ? (T.practice_theme_vocabulary ?? []).find((r) => r.theme === themeCode) : undefined;
  const scope: Scope = {
    region_code: regionCode,
    region_name: (regionRow?.region_name as string | undefined) ?? (regionCode ? `субъект ${regionCode}` : null),
    federal_district: (regionRow?.federal_district as string | undefined) ?? null,
    federal_district_short: (regionRow?.federal_district_short as string | undefined) ?? null,
    theme: themeCode,
    theme_title: (themeRow?.theme_title as string | undefined) ?? themeCode ?? null,
  };
  const ctx: Ctx = { T, F, scope };
  const sections: Section[] = [];
  for (const id of SECTION_ORDER) {
    const need = SECTION_TABLES[id].filter((n) => !T[n]);
    if (need.length) sections.push({ id, title: SECTION_TITLES[id], blocks: [{ type: 'note', parts: [missingNote(need)] }], omitted: true });
    else sections.push({ id, title: SECTION_TITLES[id], blocks: BUILDERS[id](ctx) });
  }
  const resolution = buildResolution(ctx, TEMPLATES);
  const title = `Справка для резолюции: ${scope.region_name ?? 'Российская Федерация'}`;
  const brief: Brief = { title, scope, sections, resolution, facts: F.byId, practices: F.practices, missing, synthetic: false, ...(opts.release ? { release: opts.release } : {}) };
  numberRefs(brief);
  brief.synthetic = [...brief.facts.values()].some((f) => f.ref && f.is_synthetic);
  return brief;
}

/** Every part of the brief in reading order: sections, then resolution items and what they cite. */
function allParts(brief: Brief): Part[] {
  const out: Part[] = [];
  const block = (b: Block) => {
    if (b.parts) out.push(...b.parts);
    for (const it of b.items ?? []) out.push(...it.parts);
    for (const m of b.metrics ?? []) out.push(...m.parts);
  };
  for (const s of brief.sections) s.blocks.forEach(block);
  for (const g of brief.resolution) {
    for (const it of g.items) {
      out.push(...it.parts);
      for (const c of it.cites) out.push('practice_id' in c ? { p: c.practice_id } : { f: c.id });
    }
  }
  return out;
}

/** Ф1… for facts and П1… for practices in order of first appearance; what is not shown is dropped. */
function numberRefs(brief: Brief): void {
  let nf = 0;
  let np = 0;
  const see = (id: string) => {
    const f = brief.facts.get(id);
    if (f && !f.ref) {
      f.ref = `Ф${++nf}`;
      // the report's figure is shown (and numbered) only where it differs
      if (f.published?.differs) see(f.published.fact);
    }
  };
  for (const part of allParts(brief)) {
    if (typeof part !== 'object') continue;
    if ('f' in part) see(part.f);
    if ('p' in part) {
      const p = brief.practices.get(part.p);
      if (p && !p.ref) p.ref = `П${++np}`;
    }
  }
  for (const [id, f] of brief.facts) if (!f.ref) brief.facts.delete(id);
  for (const [id, p] of brief.practices) if (!p.ref) brief.practices.delete(id);
  for (const g of brief.resolution) {
    for (const it of g.items) {
      const refs = it.cites.map((c) => ('practice_id' in c ? brief.practices.get(c.practice_id)?.ref : brief.facts.get(c.id)?.ref));
      it.refs = [...new Set(refs.filter((r): r is string => !!r))];
    }
  }
}

