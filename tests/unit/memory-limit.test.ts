import { describe, it, expect } from 'vitest';
import { loadConfig } from '../../pipelines/lib/config.ts';
import { Db } from '../../pipelines/lib/duck.ts';

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
});
