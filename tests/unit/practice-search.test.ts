import { describe, it, expect } from 'vitest';
import { stem, terms, termMatch, documentTerms, buildIndex, search, highlight, snippet, hasPhrase, type TermRow } from '@nok-atlas/common/search.js';

function index(docs: Record<string, { title?: string; description?: string; region?: string }>) {
  const rows: TermRow[] = [];
  for (const [id, d] of Object.entries(docs)) for (const t of documentTerms(d)) rows.push({ practice_id: id, ...t });
  return buildIndex(rows);
}
const ids = (hits: { practice_id: string }[]) => hits.map((h) => h.practice_id);

describe('Russian stemming (Snowball)', () => {
  it('gives the forms of a word one stem, ignoring case and «ё»', () => {
    expect(stem('обучение')).toBe(stem('обучения'));
    expect(stem('Обучению')).toBe(stem('обучение'));
    expect(stem('анкетирование')).toBe(stem('анкетирования'));
    expect(stem('сурдопереводчика')).toBe(stem('сурдопереводчик'));
    expect(stem('выездные')).toBe(stem('выездных'));
    expect(stem('заседания')).toBe(stem('заседаний'));
    expect(stem('учётом')).toBe(stem('учетом'));
  });
  it('drops stopwords and keeps Latin words and numbers', () => {
    expect(terms('Обучение и семинары для работников')).toEqual([stem('обучение'), stem('семинары'), stem('работников')]);
    expect(terms('сайт bus.gov.ru, 238 мероприятий')).toEqual([stem('сайт'), 'bus', 'gov', 'ru', '238', stem('мероприятий')]);
  });
  it('matches uneven Snowball cuts of one word with a lower weight, not unrelated short stems', () => {
    expect(stem('обучено')).not.toBe(stem('обучение'));
    expect(termMatch(stem('обучение')!, stem('обучено')!)).toBeGreaterThan(0);
    expect(termMatch(stem('обучение')!, stem('обучение')!)).toBe(1);
    expect(termMatch(stem('обучение')!, stem('обучено')!)).toBeLessThan(1);
    expect(termMatch('сад', 'садик')).toBe(0);
    expect(termMatch(stem('анкетирование')!, stem('анкета')!)).toBe(0);
  });
});

describe('ranking (BM25F)', () => {
  const docs = {
    a: { title: 'Обучение персонала', description: 'Проводится обучение работников, обучено 500 человек.' },
    b: { title: 'Ремонт помещений', description: 'Проведён ремонт; персонал прошёл обучение по охране труда.' },
    c: { title: 'Анкетирование получателей', description: 'Проводится анкетирование получателей услуг два раза в год.' },
    d: { title: 'Выездные заседания совета', description: 'Проводятся выездные заседания общественного совета в организациях.' },
    e: { title: 'Заседания и выезды', description: 'Заседания совета проходят ежемесячно; выездные проверки — отдельно.' },
  };
  const idx = index(docs);

  it('finds every form of the query word and ranks the practice about it first', () => {
    const hits = search(idx, 'обучения');
    expect(ids(hits)).toEqual(['a', 'b']);
    expect(hits[0]!.matched).toContain(stem('обучено'));
  });
  it('leaves out practices without the word', () => {
    expect(ids(search(idx, 'сурдопереводчик'))).toEqual([]);
    expect(ids(search(idx, 'анкетированию'))).toEqual(['c']);
  });
  it('weights the title above the description', () => {
    const i2 = index({ x: { title: 'Семинары', description: 'Прочее.' }, y: { title: 'Прочее', description: 'Семинары.' } });
    expect(ids(search(i2, 'семинар'))).toEqual(['x', 'y']);
  });
  it('ranks practices with all the words first, and the exact phrase above scattered words', () => {
    const texts = Object.fromEntries(Object.entries(docs).map(([k, v]) => [k, `${v.title}\n${v.description}`]));
    const hits = search(idx, 'выездные заседания', { texts });
    expect(ids(hits).slice(0, 2)).toEqual(['d', 'e']);
    expect(hits[0]!.coverage).toBe(1);
    expect(hasPhrase(texts.d, terms('выездные заседания'))).toBe(true);
    expect(hasPhrase(texts.e, terms('выездные заседания'))).toBe(false);
    expect(hasPhrase('Заседания и выезды', terms('заседания выезды'))).toBe(true);
    expect(hasPhrase('Проверки выездные. Заседания', terms('выездные заседания'))).toBe(false);
    // without the texts the phrase cannot be checked, but both words still count
    expect(search(idx, 'выездные заседания').every((h) => h.coverage > 0)).toBe(true);
  });
  it('an empty or stopword-only query finds nothing', () => {
    expect(search(idx, '')).toEqual([]);
    expect(search(idx, 'и в на')).toEqual([]);
  });
});

describe('highlighting', () => {
  it('marks every form of the matched words', () => {
    const segs = highlight('Обучение проведено; обучено 7519 работников.', [stem('обучение')!]);
    expect(segs.filter((s) => s.hit).map((s) => s.text)).toEqual(['Обучение', 'обучено']);
    expect(segs.map((s) => s.text).join('')).toBe('Обучение проведено; обучено 7519 работников.');
  });
  it('cuts a snippet around the first match', () => {
    const text = 'Вступление. '.repeat(30) + 'Привлекается сурдопереводчик в дистанционном формате. ' + 'Заключение. '.repeat(30);
    const segs = snippet(text, [stem('сурдопереводчик')!], 60);
    const s = segs.map((x) => x.text).join('');
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(segs.some((x) => x.hit && x.text === 'сурдопереводчик')).toBe(true);
    expect(s.length).toBeLessThan(200);
  });
});
