// The brief as HTML: the fragment the page shows and the document Chromium prints to PDF.
import { SECTION_TITLES } from '../marts.ts';
import type { Block, Brief } from '../types.ts';
import { citeText, escHtml, factsInOrder, INTRO, keyText, practicesInOrder, releaseLine, renderParts, scopeLines, SYNTH, SYNTH_BANNER, withSynth } from './text.ts';

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
.nok-brief .release { margin-top: 1.2em; padding-top: 0.4em; border-top: 1px solid #999; font-size: 9pt; color: #333; }
.nok-brief .sources code { font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 9pt; }
@media print {
  .nok-brief { max-width: none; font-size: 11.5pt; }
  .nok-brief li, .nok-brief blockquote { page-break-inside: avoid; }
}
`;

/** A style element with the given CSS (built here: a literal style tag in a .svelte file is read as its own style block). */
export function styleTag(css: string): string {
  return '<' + 'style>' + css + '</' + 'style>';
}

const synthSpan = ` <span class="synthetic">(${SYNTH})</span>`;

function blockHtml(brief: Brief, b: Block): string {
  switch (b.type) {
    case 'note':
      return `<p class="note">${renderParts(brief, b.parts ?? [], 'html')}</p>`;
    case 'p':
      return `<p>${withSynth(brief, b.parts ?? [], 'html')}</p>`;
    case 'ul':
      return `<ul>${(b.items ?? []).map((it) => `<li>${withSynth(brief, it.parts, 'html')}</li>`).join('')}</ul>`;
    case 'practice': {
      const metrics = b.metrics ?? [];
      let s = `<ul class="practice" data-practice="${escHtml(b.practice_id)}"><li>${renderParts(brief, b.parts ?? [], 'html')}${b.is_synthetic ? synthSpan : ''}`;
      if (b.description) s += `<blockquote>${escHtml(b.description)}</blockquote>`;
      if (metrics.length || b.more) {
        s += '<ul>';
        for (const m of metrics) s += `<li>${withSynth(brief, m.parts, 'html')}${m.quote ? `: «${escHtml(m.quote)}»` : ''}</li>`;
        if (b.more) s += `<li class="note">${escHtml(b.more)}</li>`;
        s += '</ul>';
      }
      return s + '</li></ul>';
    }
    default:
      return '';
  }
}

/** The brief as an HTML fragment (<article class="nok-brief">…</article>). */
export function renderHtml(brief: Brief): string {
  const H: string[] = [];
  H.push('<article class="nok-brief" lang="ru">');
  H.push(`<h1>${escHtml(brief.title)}</h1>`);
  H.push(`<p class="scope">${scopeLines(brief).map(escHtml).join('<br>')}</p>`);
  if (brief.synthetic) H.push(`<p class="synthetic-banner" role="note"><strong>Внимание: ${SYNTH}.</strong> ${SYNTH_BANNER}</p>`);
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
    for (const it of g.items) H.push(`<li data-rule="${it.rule}">${withSynth(brief, it.parts, 'html')}${citeText(it.refs, 'html')}</li>`);
    H.push('</ol>');
  }
  H.push('</section>');
  H.push(`<section class="brief-section sources" data-section="sources"><h2>${++n}. ${escHtml(SECTION_TITLES.sources)}</h2>`);
  H.push('<p>Цифры (витрина.столбец, строка):</p><ul>');
  for (const f of factsInOrder(brief)) {
    H.push(`<li id="${f.ref}">${f.ref} — ${escHtml(f.text)}: ${escHtml(f.formatted)} — <code>${escHtml(`${f.mart}.${f.column}`)}</code> где <code>${escHtml(keyText(f))}</code>${f.is_synthetic ? synthSpan : ''}</li>`);
  }
  H.push('</ul>');
  const ps = practicesInOrder(brief);
  if (ps.length) {
    H.push('<p>Практики (каталог практик, marts.practice):</p><ul>');
    for (const p of ps) H.push(`<li id="${p.ref}">${p.ref} — «${escHtml(p.title)}», ${escHtml(p.region)}; код практики ${escHtml(p.practice_id)}${p.is_synthetic ? synthSpan : ''}</li>`);
    H.push('</ul>');
  }
  H.push('</section>');
  if (brief.release) H.push(`<footer class="release"><p>${escHtml(releaseLine(brief.release))}</p><p>Как цитировать: ${escHtml(brief.release.citation)}</p></footer>`);
  H.push('</article>');
  return H.join('\n');
}

/** A whole HTML document (for the PDF): the fragment with the CSS, A4 margins, no external resources. */
export function renderHtmlDocument(brief: Brief): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>${escHtml(brief.title)}</title>
<style>@page { size: A4; margin: 18mm 16mm 18mm 20mm; } body { margin: 0; }${BRIEF_CSS}</style>
</head><body>
${renderHtml(brief)}
</body></html>
`;
}
