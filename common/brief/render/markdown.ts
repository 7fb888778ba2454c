// The brief as Markdown (for pasting into a resolution draft).
import { SECTION_TITLES } from '../marts.ts';
import type { Block, Brief } from '../types.ts';
import { citeText, escMd, factsInOrder, INTRO, keyText, practicesInOrder, releaseLine, renderParts, scopeLines, SYNTH, SYNTH_BANNER, withSynth } from './text.ts';

function blockMd(brief: Brief, b: Block): string[] {
  switch (b.type) {
    case 'note':
      return [`*${renderParts(brief, b.parts ?? [], 'md')}*`];
    case 'p':
      return [withSynth(brief, b.parts ?? [], 'md')];
    case 'ul':
      return (b.items ?? []).map((it) => `- ${withSynth(brief, it.parts, 'md')}`);
    case 'practice': {
      const out = [`- ${renderParts(brief, b.parts ?? [], 'md')}${b.is_synthetic ? ` *(${SYNTH})*` : ''}`];
      if (b.description) out.push(`  > ${escMd(b.description)}`);
      for (const m of b.metrics ?? []) out.push(`  - ${withSynth(brief, m.parts, 'md')}${m.quote ? `: «${escMd(m.quote)}»` : ''}`);
      if (b.more) out.push(`  - *${escMd(b.more)}*`);
      return out;
    }
    default:
      return [];
  }
}

function sourcesMd(brief: Brief): string[] {
  const L: string[] = ['Цифры (витрина.столбец, строка):', ''];
  for (const f of factsInOrder(brief)) {
    L.push(`- ${f.ref} — ${escMd(f.text)}: ${escMd(f.formatted)} — \`${f.mart}.${f.column}\` где \`${keyText(f).replace(/`/g, "'")}\`${f.is_synthetic ? ` *(${SYNTH})*` : ''}`);
  }
  const ps = practicesInOrder(brief);
  if (ps.length) {
    L.push('', 'Практики (каталог практик, marts.practice):', '');
    for (const p of ps) L.push(`- ${p.ref} — «${escMd(p.title)}», ${escMd(p.region)}; код практики ${escMd(p.practice_id)}${p.is_synthetic ? ` *(${SYNTH})*` : ''}`);
  }
  return L;
}

export function renderMarkdown(brief: Brief): string {
  const L: string[] = [];
  L.push(`# ${escMd(brief.title)}`, '');
  for (const l of scopeLines(brief)) L.push(escMd(l) + '  ');
  L.push('');
  if (brief.synthetic) L.push(`> **Внимание: ${SYNTH}.** ${SYNTH_BANNER}`, '');
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
    g.items.forEach((it, i) => L.push(`${i + 1}) ${withSynth(brief, it.parts, 'md')}${citeText(it.refs, 'md')}`));
    L.push('');
  }
  L.push(`## ${++n}. ${escMd(SECTION_TITLES.sources)}`, '');
  L.push(...sourcesMd(brief));
  if (brief.release) L.push('', '---', '', escMd(releaseLine(brief.release)), '', `Как цитировать: ${escMd(brief.release.citation)}`);
  return L.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
