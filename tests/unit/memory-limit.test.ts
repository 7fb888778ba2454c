import { describe, it, expect } from 'vitest';
import { loadConfig, duckdbMemoryLimit, DUCKDB_MEMORY_SHARE } from '../../pipelines/lib/config.ts';
import { Db } from '../../pipelines/lib/duck.ts';
import { UserError } from '../../pipelines/lib/errors.ts';

describe('NOK_MEMORY_LIMIT', () => {
  it('defaults to 4GB, accepts the usual spellings and refuses the rest with the variable named', () => {
    expect(loadConfig({}).memoryLimit).toBe('4GB');
    expect(loadConfig({ NOK_MEMORY_LIMIT: '1500 mb' }).memoryLimit).toBe('1500MB');
    expect(loadConfig({ NOK_MEMORY_LIMIT: '8GiB' }).memoryLimit).toBe('8GiB');
    expect(loadConfig({ NOK_MEMORY_LIMIT: '2,5 ГБ' }).memoryLimit).toBe('2.5GB');
    for (const bad of ['lots', '4', '10MB', '0GB', '-1GB']) expect(() => loadConfig({ NOK_MEMORY_LIMIT: bad }), bad).toThrow(/NOK_MEMORY_LIMIT: «/);
  });

  it('every accepted spelling is one DuckDB takes', async () => {
    for (const v of ['1500 mb', '8GiB', '2,5 ГБ', '100MB']) {
      const db = await Db.open(':memory:', { memory_limit: loadConfig({ NOK_MEMORY_LIMIT: v }).memoryLimit });
      const set = await db.value<string>(`SELECT current_setting('memory_limit')`);
      db.close();
      expect(set, v).toMatch(/^[\d.]+ [KMG]i?B$/);
    }
  });

  it('gives DuckDB its share of the budget, in a spelling DuckDB takes', async () => {
    expect(duckdbMemoryLimit(loadConfig({}).memoryLimit)).toBe(`${4000 * DUCKDB_MEMORY_SHARE}MB`);
    expect(duckdbMemoryLimit(loadConfig({ NOK_MEMORY_LIMIT: '1500 mb' }).memoryLimit)).toBe(`${1500 * DUCKDB_MEMORY_SHARE}MB`);
    expect(duckdbMemoryLimit(loadConfig({ NOK_MEMORY_LIMIT: '2GiB' }).memoryLimit)).toBe(`${Math.round(2 * 1024 ** 3 * DUCKDB_MEMORY_SHARE / 1e6)}MB`);
    expect(() => duckdbMemoryLimit('lots')).toThrow(/not a memory size/);
    // a database the project opens with NOK_MEMORY_LIMIT set gets the share, not the whole budget
    const before = process.env.NOK_MEMORY_LIMIT;
    process.env.NOK_MEMORY_LIMIT = '1GB';
    try {
      const db = await Db.open(':memory:');
      const [n, unit] = (await db.value<string>(`SELECT current_setting('memory_limit')`))!.split(' ');
      const bytes = Number(n) * { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[unit as 'MiB']!;
      db.close();
      expect(bytes).toBeGreaterThan(0.95 * 1e9 * DUCKDB_MEMORY_SHARE);
      expect(bytes).toBeLessThan(1.05 * 1e9 * DUCKDB_MEMORY_SHARE);
    } finally {
      if (before === undefined) delete process.env.NOK_MEMORY_LIMIT;
      else process.env.NOK_MEMORY_LIMIT = before;
    }
  });
});

describe('a build that runs out of memory', () => {
  it('says so in words, with the step, the limit and what to do — not as an internal error', async () => {
    const { outOfMemory } = await import('../../pipelines/build.ts');
    const oom = new Error('Модель intermediate.int_nok_org_identity (models/intermediate/int_nok_org_identity.sql): Out of Memory Error: could not allocate block of size 256.0 KiB (2.6 GiB/2.6 GiB used)');
    const e = outOfMemory(oom, '4GB');
    expect(e).toBeInstanceOf(UserError);
    expect(e!.describe()).toMatch(/не хватило памяти \(модель intermediate\.int_nok_org_identity\): предел NOK_MEMORY_LIMIT = 4GB/);
    expect(e!.describe()).toMatch(/Что сделать: .*NOK_MEMORY_LIMIT=6GB npm run pipeline/);
    expect(outOfMemory(new Error('Binder Error: no such column'), '4GB')).toBeNull();
  });
});
