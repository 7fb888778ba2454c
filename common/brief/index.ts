// The resolution brief («Справка для резолюции»): one module shared by the Node CLI
// (pipelines/brief/cli.ts, `npm run brief`) and the dashboard page (reports/pages/brief.md via
// BriefView.svelte), so the two can never drift apart.
//
// The brief is built as data first. Input: the rows of a fixed list of marts (marts.ts; a mart
// that is not in the warehouse is passed as undefined and its section is replaced by a visible
// note) and their unique keys, derived from the model contracts (keys.ts). Output: sections made
// of blocks whose text is a list of parts — plain strings and references to facts. A fact is one
// value of one row of one mart: { id, text, value, formatted, mart, key (the row's unique key:
// column → value), column }. No number is written into the text any other way, so every figure in
// the Markdown, the HTML and the PDF traces to a mart (brief.json lists them;
// tests/warehouse/brief.test.ts re-queries each one).
//
//   marts.ts        the marts read, section titles, criteria, addressees, category names
//   keys.ts         a mart's key from its contract
//   values.ts       reading, sorting and formatting values; facts.ts — the facts and parts of text
//   sections/*.ts   one builder per section; context.ts — what they share
//   resolution/     templates.ts (the table of templates, as data), selections.ts, engine.ts
//   build.ts        buildBrief; render/ — Markdown, HTML (and its CSS), brief.json
export { plural } from '@nok-atlas/common/fmt.js';
export * from './types.ts';
export { BRIEF_TABLES, SECTION_TABLES, SECTION_TITLES, CRITERIA, ADDRESSEES, ALL_SPHERES, COUNTRY } from './marts.ts';
export { keyOf, keysOf, type ContractLike } from './keys.ts';
export { formatReportValue } from './values.ts';
export { buildBrief } from './build.ts';
export { TEMPLATES } from './resolution/templates.ts';
export type { Template } from './resolution/engine.ts';
export { partsSynthetic, plainText } from './render/text.ts';
export { renderMarkdown } from './render/markdown.ts';
export { BRIEF_CSS, styleTag, renderHtml, renderHtmlDocument } from './render/html.ts';
export { briefJson, briefSlug } from './render/json.ts';
