/**
 * The direction of imports: the data flow is the folder order (sources → pipelines → models →
 * reports), and code that both the pipelines and the pages run lives in common/ (the package
 * @nok-atlas/common). Nothing upstream of the dashboards may import from reports/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const CODE = /\.(ts|js|mjs|svelte)$/;

function files(dir: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (CODE.test(e.name)) out.push(p);
  }
  return out;
}

/** Module specifiers of static and dynamic imports and re-exports in a source text. */
export function importsOf(text: string): string[] {
  const specs: string[] = [];
  const re = /(?:^|[^\w.])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w.])import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3]) as string);
  return specs;
}

/** The file an import points to, when it is a relative path (else null: a package). */
function target(from: string, spec: string): string | null {
  return spec.startsWith('.') ? path.resolve(path.dirname(from), spec) : null;
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(dir + path.sep);

describe('import direction', () => {
  it('finds static, dynamic and re-export imports (the scanner itself)', () => {
    const src = `import a from './a.js';\nimport { b } from "../b.ts";\nexport { c } from './c.js';\nconst d = await import('../../reports/d.js');\nimport './side.js';`;
    expect(importsOf(src)).toEqual(['./a.js', '../b.ts', './c.js', '../../reports/d.js', './side.js']);
  });

  for (const layer of ['pipelines', 'models', 'common', 'sources', 'scripts']) {
    it(`${layer}/ never imports from reports/`, () => {
      const reports = path.join(root, 'reports');
      const bad: string[] = [];
      for (const f of files(path.join(root, layer))) {
        for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
          const t = target(f, spec);
          if ((t && inside(t, reports)) || /(^|\/)reports\//.test(spec)) bad.push(`${path.relative(root, f)} → ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  it('common/ imports only packages and other files of common/ (it is shared by both sides)', () => {
    const common = path.join(root, 'common');
    const bad: string[] = [];
    for (const f of files(common)) {
      for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
        const t = target(f, spec);
        if (t && !inside(t, common)) bad.push(`${path.relative(root, f)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
