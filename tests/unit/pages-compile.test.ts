/**
 * Every page compiles as Evidence compiles it (its Markdown preprocessor, then the Svelte compiler),
 * in seconds, without a site build: a template literal inside `{…}` (Evidence turns its backticks into
 * <code>) or a `{#if}` opened inside a Markdown paragraph breaks the whole site build otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { preprocess, compile } = require('svelte/compiler') as typeof import('svelte/compiler');
const evidencePreprocess = require('@evidence-dev/preprocess') as () => unknown[];

const pagesDir = path.resolve(import.meta.dirname, '..', '..', 'reports', 'pages');

function pages(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? pages(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

async function compilePage(source: string, route: string): Promise<void> {
  // the first preprocessor of Evidence's chain injects its runtime imports (not needed to parse)
  const out = await preprocess(source, evidencePreprocess().slice(1) as never, { filename: `/x/src/pages/${route}/+page.md` });
  compile(out.code, { filename: `${route}.svelte` });
}

describe('pages compile', () => {
  it('a broken page is caught (the check itself)', async () => {
    const broken = '# T\n\n{#if true}\nтекст {[1].map((r) => `${r}`).join()}\n{/if}\n';
    await expect(compilePage(broken, 'broken')).rejects.toThrow();
    await expect(compilePage('# T\n\nтекст {1 + 1}\n', 'fine')).resolves.toBeUndefined();
  });

  for (const file of pages(pagesDir)) {
    const route = path.relative(pagesDir, file).replace(/\.md$/, '');
    it(route, async () => {
      await compilePage(fs.readFileSync(file, 'utf8'), route);
    });
  }
});
