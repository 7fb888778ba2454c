// brief.json: the facts and citations as plain JSON — what a test or a sceptical reader traces.
import type { Brief, BriefJson, Scope } from '../types.ts';
import { factsInOrder, partsSynthetic, plainText, practicesInOrder } from './text.ts';

export function briefJson(brief: Brief): BriefJson {
  const facts = factsInOrder(brief).map((f) => ({
    ref: f.ref!,
    id: f.id,
    text: f.text,
    value: f.value,
    formatted: f.formatted,
    mart: f.mart,
    key: f.key,
    column: f.column,
    is_synthetic: f.is_synthetic,
    ...(f.display ? { display: f.display } : {}),
    ...(f.published ? { published: { ref: brief.facts.get(f.published.fact)?.ref, figure_id: f.published.figure_id, status: f.published.status, shown: f.published.differs } } : {}),
  }));
  const practices = practicesInOrder(brief).map((p) => ({ ref: p.ref!, practice_id: p.practice_id, title: p.title, region: p.region, region_code: p.region_code }));
  return {
    title: brief.title,
    scope: brief.scope,
    is_synthetic: brief.synthetic,
    sections: brief.sections.map((s) => ({ id: s.id, title: s.title, omitted: !!s.omitted, note: s.omitted ? plainText(brief, s.blocks[0]?.parts ?? []) : undefined })),
    resolution: brief.resolution.map((g) => ({
      addressee: g.title,
      items: g.items.map((it) => ({ rule: it.rule, text: plainText(brief, it.parts), refs: it.refs, is_synthetic: partsSynthetic(brief, it.parts) })),
    })),
    facts,
    practices,
    missing_marts: brief.missing.map((m) => `marts.${m}`),
    ...(brief.release ? { release: brief.release } : {}),
  };
}

/** File name part for a scope: `rossiya`, `77`, `77-staff_training`, `rossiya-feedback`. */
export function briefSlug(scope: Scope): string {
  return [scope.region_code ?? 'rossiya', scope.theme].filter(Boolean).join('-');
}
