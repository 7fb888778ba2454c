/**
 * Region and theme for the brief (pipelines/brief/resolve.ts): any spelling of a region through
 * the project's normalizer, «Алтай» refused as ambiguous, unknown names refused with the closest
 * matches — and a misspelt name of every one of the 89 subjects finds that subject among them.
 */
import { describe, it, expect } from 'vitest';
import { RegionIndex } from '../../pipelines/regions/normalize.ts';
import { UserError } from '../../pipelines/lib/errors.ts';
import { closeMatches, closeness, editDistance, regionCandidates, resolveRegion, resolveTheme, trigramSimilarity } from '../../pipelines/brief/resolve.ts';

const index = await RegionIndex.load();

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('string distances', () => {
  it('edit distance counts single-letter edits', () => {
    expect(editDistance('москва', 'москва')).toBe(0);
    expect(editDistance('масква', 'москва')).toBe(1);
    expect(editDistance('татарстн', 'татарстан')).toBe(1);
    expect(editDistance('', 'абв')).toBe(3);
    expect(editDistance('кот', 'ток')).toBe(2);
  });

  it('trigram similarity is 1 for equal strings (ignoring case and ё), symmetric, and 0 for disjoint ones', () => {
    expect(trigramSimilarity('Орёл', 'орел')).toBe(1);
    expect(trigramSimilarity('Москва', 'Московская область')).toBeCloseTo(trigramSimilarity('Московская область', 'Москва'), 12);
    expect(trigramSimilarity('абв', 'где')).toBe(0);
  });

  it('type words do not make names close', () => {
    expect(closeness('Нарния', 'город федерального значения Москва')).toBeLessThan(0.5);
    expect(closeness('Масква', 'Москва')).toBeGreaterThan(0.8);
  });
});

describe('regions', () => {
  it('any spelling resolves to the subject; no option or «Россия» means all of Russia', () => {
    expect(resolveRegion('г. Москва', index)?.code).toBe('77');
    expect(resolveRegion('город федерального значения Москва', index)?.code).toBe('77');
    expect(resolveRegion('Татарстан', index)?.code).toBe('16');
    expect(resolveRegion('ХМАО – Югра', index)?.code).toBe('86');
    expect(resolveRegion('Кузбасс', index)?.code).toBe('42');
    expect(resolveRegion(undefined, index)).toBeNull();
    expect(resolveRegion('Россия', index)).toBeNull();
    expect(resolveRegion('РФ', index)).toBeNull();
  });

  it('«Алтай» is ambiguous: both candidates are named, nothing is guessed', () => {
    const e = userError(() => resolveRegion('Алтай', index));
    const text = e.describe();
    expect(text).toContain('неоднозначен');
    expect(text).toContain('Республика Алтай');
    expect(text).toContain('Алтайский край');
  });

  it('an unknown region is refused with close matches', () => {
    const e = userError(() => resolveRegion('Нарния', index));
    expect(e.describe()).toMatch(/Регион «Нарния» не найден[\s\S]*Ближайшие по написанию: «/);
    const m = userError(() => resolveRegion('Масква', index)).describe();
    expect(m).toContain('«Москва»');
  });

  it('an empty value is refused', () => {
    expect(userError(() => resolveRegion('  ', index)).message).toContain('Пустое значение --region');
  });

  it('for every subject, its short name with one letter dropped is either still recognised or suggested among the close matches', () => {
    const candidates = regionCandidates(index);
    const misses: string[] = [];
    for (const r of index.regions()) {
      const name = r.short_name;
      const i = Math.floor(name.length / 2);
      const typo = name.slice(0, i) + name.slice(i + 1);
      let ok = false;
      try {
        const got = resolveRegion(typo, index);
        ok = got?.code === r.region_code;
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        ok = closeMatches(typo, candidates).some((c) => c.id === r.region_code);
      }
      if (!ok) misses.push(`${name} → ${typo}`);
    }
    expect(misses).toEqual([]);
  });
});

describe('themes', () => {
  const vocabulary = [
    { theme: 'staff_training', theme_title: 'обучение персонала' },
    { theme: 'manager_training', theme_title: 'обучение руководителей' },
    { theme: 'feedback', theme_title: 'обратная связь от получателей' },
    { theme: 'accessible_environment', theme_title: 'доступная среда' },
  ];

  it('by code, by title (any case, ё), or by a unique part of a title', () => {
    expect(resolveTheme('staff_training', vocabulary)?.code).toBe('staff_training');
    expect(resolveTheme('STAFF-TRAINING', vocabulary)?.code).toBe('staff_training');
    expect(resolveTheme('Обучение  персонала', vocabulary)?.code).toBe('staff_training');
    expect(resolveTheme('доступная', vocabulary)?.code).toBe('accessible_environment');
    expect(resolveTheme('обратная связь', vocabulary)?.code).toBe('feedback');
    expect(resolveTheme(undefined, vocabulary)).toBeNull();
  });

  it('a part shared by several titles is ambiguous and lists them', () => {
    const e = userError(() => resolveTheme('обучение', vocabulary)).describe();
    expect(e).toContain('неоднозначна');
    expect(e).toContain('обучение персонала');
    expect(e).toContain('обучение руководителей');
  });

  it('an unknown theme is refused with the closest titles and the list of all themes', () => {
    const e = userError(() => resolveTheme('кулинария', vocabulary)).describe();
    expect(e).toContain('Тема практик «кулинария» не найдена');
    expect(e).toContain('Ближайшие: «');
    for (const v of vocabulary) expect(e).toContain(v.theme);
    expect(userError(() => resolveTheme('обучене персонала', vocabulary)).describe()).toMatch(/Ближайшие: «обучение персонала»/);
  });

  it('without a vocabulary in the warehouse a theme cannot be chosen', () => {
    expect(userError(() => resolveTheme('feedback', undefined)).message).toContain('marts.practice_theme_vocabulary');
  });
});
