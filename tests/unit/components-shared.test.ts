/**
 * What the chart, map and table components share (reports/components/): the data store that turns
 * an Evidence query or an array into one state, and the colouring of a region map (TileMap, GeoMap).
 */
import { describe, it, expect } from 'vitest';
import { get } from 'svelte/store';
// @ts-expect-error plain JavaScript module of the dashboards, no types
import { dataStore } from '../../reports/components/data.js';
import { regionColouring, MISSING_COLOR } from '../../reports/components/scale.js';

/** A stand-in for an Evidence Query: a store whose value is array-like once loaded. */
function fakeQuery() {
  const subs = new Set<(v: unknown) => void>();
  const q: any = Object.assign([], { dataLoaded: false, error: undefined, columns: [], fetched: 0 });
  q.fetch = () => {
    q.fetched++;
  };
  q.subscribe = (fn: (v: unknown) => void) => {
    subs.add(fn);
    fn(q);
    return () => subs.delete(fn);
  };
  q.load = (rows: object[]) => {
    q.push(...rows);
    q.dataLoaded = true;
    for (const fn of subs) fn(q);
  };
  q.subscribers = () => subs.size;
  return q;
}

describe('dataStore', () => {
  it('an array is ready (or empty) at once; a missing prop says so', () => {
    expect(get(dataStore([{ a: 1 }]))).toMatchObject({ status: 'ready', rows: [{ a: 1 }], columns: ['a'] });
    expect(get(dataStore([]))).toMatchObject({ status: 'empty' });
    expect(get(dataStore(undefined))).toMatchObject({ status: 'empty', missing: true });
    expect(get(dataStore(42))).toMatchObject({ status: 'error' });
  });

  it('follows a query from loading to ready, asks it to load, and lets go when nobody listens', () => {
    const q = fakeQuery();
    const store = dataStore(q);
    const seen: string[] = [];
    const stop = store.subscribe((s: { status: string }) => seen.push(s.status));
    expect(q.fetched).toBe(1);
    expect(q.subscribers()).toBe(1);
    q.load([{ region_code: '01' }]);
    expect(seen).toEqual(['loading', 'ready']);
    expect(get(store)).toMatchObject({ status: 'ready', rows: [{ region_code: '01' }] });
    stop();
    expect(q.subscribers()).toBe(0);
  });
});

describe('regionColouring', () => {
  const items = [
    { name: 'Тыва', v: 61.2 },
    { name: 'Москва', v: 92.4 },
    { name: 'Коми', v: null },
    { name: 'Адыгея', v: 80 },
  ];
  const c = regionColouring(items, { name: (t) => t.name, fmt: 'num1', title: 'Итоговый балл' });

  it('describes the map for a screen reader with agreeing nouns', () => {
    expect(c.ariaLabel).toBe('Итоговый балл: 4 региона, наименьшее значение 61,2 (Тыва), наибольшее 92,4 (Москва), 1 без данных');
    expect(regionColouring(items.slice(0, 1), { name: (t) => t.name }).ariaLabel).toMatch(/^Карта регионов: 1 регион,/);
  });

  it('colours every value by its bin and a missing one grey, with a legend label per colour', () => {
    expect(c.hasMissing).toBe(true);
    expect(c.labels).toHaveLength(c.scale.colors.length);
    expect(c.fill(null)).toBe(MISSING_COLOR);
    expect(c.scale.colors).toContain(c.fill(61.2));
    expect(c.fill(61.2)).not.toBe(c.fill(92.4));
    expect(c.valueText(null)).toBe('нет данных');
    expect(c.valueText(80)).toBe('80,0');
  });
});
