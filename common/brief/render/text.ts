// What the Markdown and HTML renderings share: parts of text with their facts and references,
// escaping, the scope lines, the introduction.
import type { Brief, BriefRelease, Fact, Part } from '../types.ts';

export const SYNTH = 'синтетические данные';

export const INTRO =
  'Каждая цифра справки взята из витрины хранилища НОК-Атлас и указана в разделе «Источники» (номер Ф, витрина, столбец, строка); там же — практики (номер П). Цифры, основанные на синтетических данных, помечены. Если пересчитанная цифра расходится с опубликованной в аналитическом отчёте, опубликованная приведена рядом.';

export const SYNTH_BANNER = `Часть цифр основана на синтетических (сгенерированных для проверки) данных; такие цифры помечены «(${SYNTH})». Это не результаты реальных регионов.`;

export type Mode = 'md' | 'html';

function partsFacts(brief: Brief, parts: readonly Part[]): Fact[] {
  const out: Fact[] = [];
  for (const p of parts) {
    if (typeof p === 'object' && 'f' in p) {
      const f = brief.facts.get(p.f);
      if (f) out.push(f);
    }
  }
  return out;
}

/** True when any figure in these parts rests on synthetic data. */
export function partsSynthetic(brief: Brief, parts: readonly Part[]): boolean {
  return partsFacts(brief, parts).some((f) => f.is_synthetic);
}

/** Escapes what would turn text into Markdown markup (emphasis, code, HTML); keeps `_` and `[]` readable. */
export function escMd(s: unknown): string {
  return String(s).replace(/([\\`*<>])/g, '\\$1');
}
const HTML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => HTML_ESC[c]!);
}

export function renderParts(brief: Brief, parts: readonly Part[], mode: Mode): string {
  const esc = mode === 'md' ? escMd : escHtml;
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += esc(p);
    else if ('f' in p) {
      const f = brief.facts.get(p.f);
      if (!f) continue;
      let s = mode === 'md' ? esc(f.formatted) : `<span class="fact" data-ref="${f.ref}" title="${escHtml(`${f.ref}: ${f.mart}.${f.column}`)}">${esc(f.formatted)}</span>`;
      if (f.published?.differs) {
        const pub = brief.facts.get(f.published.fact);
        if (pub) s += mode === 'md' ? ` (в отчёте: ${esc(pub.formatted)})` : ` <span class="published">(в отчёте: ${esc(pub.formatted)})</span>`;
      }
      out += s;
    } else if ('p' in p) {
      const pr = brief.practices.get(p.p);
      if (pr) out += mode === 'md' ? `[${pr.ref}]` : `<span class="pref">[${pr.ref}]</span>`;
    } else if ('strong' in p) out += mode === 'md' ? `**${esc(p.strong)}**` : `<strong>${esc(p.strong)}</strong>`;
    else if ('em' in p) out += mode === 'md' ? `*${esc(p.em)}*` : `<em>${esc(p.em)}</em>`;
  }
  return out;
}

/** The parts rendered, with the synthetic mark when a figure in them is synthetic. */
export function withSynth(brief: Brief, parts: readonly Part[], mode: Mode): string {
  const text = renderParts(brief, parts, mode);
  if (!partsSynthetic(brief, parts)) return text;
  return mode === 'md' ? `${text} *(${SYNTH})*` : `${text} <span class="synthetic">(${SYNTH})</span>`;
}

export function citeText(refs: readonly string[], mode: Mode): string {
  if (!refs.length) return '';
  return mode === 'md' ? ` [${refs.join('; ')}]` : ` <span class="cite">[${refs.join('; ')}]</span>`;
}

/** The footer's first line: which data release the brief was made from. */
export function releaseLine(r: BriefRelease): string {
  return `Выпуск данных ${r.release_id}, сборка хранилища ${r.built}.`;
}

export function scopeLines(brief: Brief): string[] {
  const s = brief.scope;
  const lines = [`Территория: ${s.region_name ? `${s.region_name}${s.federal_district ? ` (${s.federal_district})` : ''}` : 'Российская Федерация, все субъекты'}.`];
  lines.push(`Тема практик: ${s.theme ? `«${s.theme_title}»` : 'все темы'}.`);
  return lines;
}

/** Facts in the order of their numbers (Ф1, Ф2 …). */
export const factsInOrder = (brief: Brief) => [...brief.facts.values()].sort((a, b) => Number(a.ref!.slice(1)) - Number(b.ref!.slice(1)));
export const practicesInOrder = (brief: Brief) => [...brief.practices.values()].sort((a, b) => Number(a.ref!.slice(1)) - Number(b.ref!.slice(1)));

/** A fact's key as the list of sources writes it: region_code = '77', year = 2023. */
export function keyText(f: Fact): string {
  return Object.entries(f.key)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? `'${v}'` : v}`)
    .join(', ');
}

/** Text of parts without markup (facts as formatted). */
export function plainText(brief: Brief, parts: readonly Part[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if ('f' in p) {
        const f = brief.facts.get(p.f);
        if (!f) return '';
        const pub = f.published?.differs ? brief.facts.get(f.published.fact) : null;
        return f.formatted + (pub ? ` (в отчёте: ${pub.formatted})` : '');
      }
      if ('p' in p) return `[${brief.practices.get(p.p)?.ref ?? ''}]`;
      return 'strong' in p ? p.strong : p.em;
    })
    .join('');
}
