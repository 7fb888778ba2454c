import { describe, it, expect } from 'vitest';
import { compilePattern, tagPractice, findThemeMatches, fragment, THEME_CODES, THEME_RULES, type ThemeCode } from '../../pipelines/practices/themes.ts';
import { splitSentences, newSentences } from '../../pipelines/practices/text.ts';

const tagsOf = (text: string): ThemeCode[] => tagPractice([{ field: 'description', text }]).map((t) => t.theme);
const tag = (text: string, theme: ThemeCode) => tagPractice([{ field: 'description', text }]).find((t) => t.theme === theme);

describe('pattern notation', () => {
  it('matches a word by its beginning, whole words only', () => {
    const re = compilePattern('анкет*');
    expect('проводится анкетирование получателей'.match(re)).toEqual(['анкетирование']);
    expect('переанкетирование'.match(re)).toBeNull();
  });
  it('an exact word does not match a longer word', () => {
    const re = compilePattern('тз');
    expect('детализированное тз для оператора'.match(re)).toEqual(['тз']);
    expect('тзх'.match(re)).toBeNull();
  });
  it('joins words by spaces or dashes, with optional words', () => {
    expect('материально-технической базы'.match(compilePattern('материально техническ*'))).toEqual(['материально-технической']);
    const re = compilePattern('устранени* [выявленн*] недостатк*');
    expect('устранения недостатков'.match(re)).toEqual(['устранения недостатков']);
    expect('устранения выявленных недостатков'.match(re)).toEqual(['устранения выявленных недостатков']);
    expect('устранения всех недостатков'.match(re)).toBeNull();
  });
  it('refuses a malformed pattern', () => {
    expect(() => compilePattern('Анкета')).toThrow(/строчные/);
    expect(() => compilePattern('[анкет*]')).toThrow(/пустой/);
  });
});

describe('theme rules', () => {
  it('every theme of the vocabulary has a rule and every rule a known theme', () => {
    expect(THEME_RULES.map((r) => r.theme).sort()).toEqual([...THEME_CODES].sort());
  });

  it('tags by the words of the text and keeps them as evidence', () => {
    const t = tag('Проводится обучение персонала организаций принципам и подходам клиентоцентричности.', 'staff_training');
    expect(t?.matched_words).toBe('обучение');
    expect(t?.evidence).toContain('обучение персонала');
    expect(tagsOf('Проводится обучение персонала организаций принципам и подходам клиентоцентричности.')).toEqual(['staff_training', 'client_centricity']);
  });

  it('finds words in any case and with «ё»', () => {
    expect(tagsOf('ОБУЧЕНИЕ сотрудников')).toContain('staff_training');
    expect(tag('Приобретена мебель, зона ожидания оборудована.', 'repair_equipment')?.matched_words).toBe('Приобретена; мебель; оборудована');
    expect(tagsOf('Проведён ремонт, учтены отзывы получателей.')).toEqual(['feedback', 'repair_equipment']);
    expect(tag('Перечень работ с требованиями к отчётным материалам.', 'operator_tz')?.matched_words).toBe('требованиями к отчётным');
    expect(tag('Учтены отзывы; отзывы разобраны, а Отзывы опубликованы.', 'feedback')?.matched_words).toBe('отзывы');
  });

  it('a trained specialist elsewhere is not a training activity', () => {
    const text = 'Из 22 поставщиков только в 1 организации имеется обученный специалист; привлекается сурдопереводчик в дистанционном формате.';
    expect(tagsOf(text)).not.toContain('staff_training');
    expect(tagsOf(text)).toContain('accessible_environment');
    expect(tagsOf('Проведено обучение сотрудников работе в новых условиях.')).toContain('staff_training');
  });

  it('visits count only with a public council or public organization in the sentence', () => {
    expect(tagsOf('Проводятся выездные проверки Общественного совета.')).toContain('council_visits');
    expect(tagsOf('Совместный выезд оператора с представителями общественных организаций к поставщикам.')).toContain('council_visits');
    expect(tagsOf('Организован выезд специалистов к получателям услуг на дом.')).not.toContain('council_visits');
  });

  it('the operator’s toolkit, a survey of organizations and a course evaluation are not feedback from recipients', () => {
    expect(tagsOf('Описан используемый инструментарий (рабочие карты, анкеты для опроса населения).')).not.toContain('feedback');
    expect(tagsOf('Внедрен опрос организаций социального обслуживания по итогам сбора информации.')).not.toContain('feedback');
    expect(tagsOf('Проводится анкетирование слушателей сразу после обучения.')).not.toContain('feedback');
    expect(tagsOf('Проводится анкетирование получателей услуг, разработана форма анкетирования.')).toContain('feedback');
  });

  it('a visit to a medical organization is not an appeal of citizens', () => {
    expect(tagsOf('При обращении гражданина в медицинскую организацию на входе расположен каталог, выполненный шрифтом Брайля.')).toEqual(['accessible_environment']);
    expect(tagsOf('Прямой диалог с горожанами: обращения граждан, интернет-приемная.')).toEqual(expect.arrayContaining(['feedback', 'digital_services']));
  });

  it('deficiency control needs the deficiencies or the plans, not any monitoring', () => {
    expect(tagsOf('Осуществляется контроль исполнения планов устранения недостатков.')).toContain('deficiency_control');
    expect(tagsOf('После обучения проводится мониторинг результативности в 2 этапа.')).not.toContain('deficiency_control');
    expect(tagsOf('Также осуществляется мониторинг результативности принятых мер.')).toContain('deficiency_control');
  });

  it('overlapping matches of one theme count once, a sentence repeated in results counts once', () => {
    const text = 'Формирование доступной среды.';
    const t = tagPractice([
      { field: 'description', text },
      { field: 'results', text },
    ]).find((x) => x.theme === 'accessible_environment');
    expect(t?.match_count).toBe(1);
    expect(t?.fields).toBe('description');
    expect(findThemeMatches([{ field: 'description', text: 'Лучшие организации получают кубки и дипломы.' }]).map((m) => m.words)).toEqual(['кубки', 'дипломы']);
  });

  it('returns no tag for a text without trigger words and for empty fields', () => {
    expect(tagsOf('Реальная помощь пациентам.')).toEqual([]);
    expect(tagPractice([{ field: 'description', text: null }])).toEqual([]);
  });

  it('cuts long evidence at word boundaries with «…»', () => {
    const s = 'а'.repeat(5) + ' ' + 'слово '.repeat(40) + 'премии ' + 'слово '.repeat(40);
    const f = fragment(s.trim(), s.indexOf('премии'), 6, 30);
    expect(f.startsWith('…')).toBe(true);
    expect(f.endsWith('…')).toBe(true);
    expect(f).toContain('премии');
    expect(f.length).toBeLessThan(90);
  });
});

describe('sentences', () => {
  it('splits at sentence ends but not after «г.» or inside numbers', () => {
    const ss = splitSentences('Практика внедрена в г. Ульяновске. Удовлетворенность 99,84% в 2020 году. Опрошено 21 097 чел. Отзывов нет.').map((s) => s.text);
    expect(ss).toEqual(['Практика внедрена в г. Ульяновске.', 'Удовлетворенность 99,84% в 2020 году.', 'Опрошено 21 097 чел.', 'Отзывов нет.']);
  });
  it('keeps only the sentences of results that the description does not contain', () => {
    expect(newSentences('Проводится опрос. Улучшена работа.', ['Проводится  опрос. Другое.']).map((s) => s.text)).toEqual(['Улучшена работа.']);
  });
});

describe('docs/practice-themes.md', () => {
  it('lists every theme and every pattern of the rules', async () => {
    const fs = await import('node:fs');
    const doc = fs.readFileSync(new URL('../../docs/practice-themes.md', import.meta.url), 'utf8');
    const missing: string[] = [];
    for (const r of THEME_RULES) {
      if (!doc.includes('`' + r.theme + '`')) missing.push(r.theme);
      for (const p of [...r.patterns, ...(r.requires ?? []), ...(r.unless ?? [])]) {
        const section = doc.slice(doc.indexOf('`' + r.theme + '`'));
        const own = section.slice(0, section.indexOf('\n### ') > 0 ? section.indexOf('\n### ') : undefined);
        if (!own.includes('`' + p + '`')) missing.push(`${r.theme}: ${p}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
