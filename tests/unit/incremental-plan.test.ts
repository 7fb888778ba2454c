/**
 * Which models an incremental build rebuilds (planModels): those downstream of a changed table;
 * a model declared `incremental: year` only in the years that changed in everything it reads
 * that changed; a model that is not, or that reads a table changed as a whole, whole.
 */
import { describe, it, expect } from 'vitest';
import { planModels, type Model } from '../../pipelines/models/runner.ts';

const model = (id: string, deps: string[], incremental = false): Model => ({
  layer: id.split('.')[0]!, name: id.split('.')[1]!, id, kind: 'sql', file: `${id}.sql`, deps,
  contract: { description: 'описание модели', grain: 'одна строка', columns: {}, ...(incremental ? { incremental: 'year' as const } : {}) },
});

describe('planModels', () => {
  const ordered = [
    model('staging.stg_q', ['raw.q'], true),
    model('staging.stg_r', ['raw.r']),
    model('intermediate.int_agg', ['staging.stg_q'], true),
    model('intermediate.int_join', ['intermediate.int_agg', 'staging.stg_r'], true),
    model('marts.summary', ['intermediate.int_agg']),
    model('marts.other', ['staging.stg_r']),
  ];
  const show = (m: Map<string, 'all' | Set<number>>): Record<string, string> =>
    Object.fromEntries([...m].map(([k, v]) => [k, v === 'all' ? 'all' : [...v].sort().join(',')]));

  it('carries the changed years down through year-local models, whole through the others', () => {
    const p = planModels(ordered, (t) => (t === 'raw.q' ? new Set([2023]) : null));
    expect(show(p)).toEqual({ 'staging.stg_q': '2023', 'intermediate.int_agg': '2023', 'intermediate.int_join': '2023', 'marts.summary': 'all' });
  });

  it('rebuilds whole a year-local model that reads a table changed as a whole', () => {
    const p = planModels(ordered, (t) => (t === 'raw.q' ? new Set([2022, 2023]) : t === 'raw.r' ? 'all' : null));
    expect(show(p)).toEqual({
      'staging.stg_q': '2022,2023', 'staging.stg_r': 'all', 'intermediate.int_agg': '2022,2023', 'intermediate.int_join': 'all', 'marts.summary': 'all', 'marts.other': 'all',
    });
  });

  it('rebuilds nothing when nothing changed, or when the changed rows had no year', () => {
    expect(planModels(ordered, () => null).size).toBe(0);
    expect(planModels(ordered, (t) => (t === 'raw.q' ? new Set<number>() : null)).size).toBe(0);
  });
});
