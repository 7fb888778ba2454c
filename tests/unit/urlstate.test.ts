/** reports/components/urlstate.js: the helpers every input uses to keep its state in the address. */
import { describe, it, expect } from 'vitest';
// @ts-expect-error plain JavaScript module of the dashboards, no types
import { withParams, matchValue, tableKey, tableParamNames, getParam } from '../../reports/components/urlstate.js';

describe('urlstate', () => {
  it('sets and removes parameters, keeping the others and the path', () => {
    const u = withParams('/scores/?year=2023&measure=k1', { measure: 'k3', sphere: 'культура', year: null });
    expect(u.pathname).toBe('/scores/');
    expect(u.searchParams.get('measure')).toBe('k3');
    expect(u.searchParams.get('sphere')).toBe('культура');
    expect(u.searchParams.has('year')).toBe(false);
    expect(withParams('/x/?a=1', { a: '' }).search).toBe('');
  });

  it('reads a parameter (none during prerender)', () => {
    expect(getParam('sphere', '?sphere=%D0%BA%D1%83%D0%BB%D1%8C%D1%82%D1%83%D1%80%D0%B0')).toBe('культура');
    expect(getParam('sphere', '')).toBeNull();
  });

  it('gives back the option with the type the input offers', () => {
    expect(matchValue('2023', [2022, 2023, 2024])).toBe(2023);
    expect(matchValue('77', ['01', '77'])).toBe('77');
    expect(matchValue('07', [7])).toBe('07');
    expect(matchValue('2025', [], true)).toBe(2025);
    expect(matchValue('abc', [], true)).toBe('abc');
    expect(matchValue(null, [1])).toBeUndefined();
  });

  it('names a table by its file name, else its title, never the default «таблица»', () => {
    expect(tableKey(undefined, 'nok-reiting-regionov', 'Рейтинг')).toBe('nok_reiting_regionov');
    expect(tableKey(undefined, 'таблица', 'Сверка: все цифры')).toBe('сверка_все_цифры');
    expect(tableKey(undefined, 'таблица', undefined)).toBe('t');
    expect(tableParamNames('x')).toEqual({ sort: 'x.sort', dir: 'x.dir', page: 'x.page', q: 'x.q' });
  });
});
