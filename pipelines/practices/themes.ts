/**
 * Theme tagging of practices: which words of the report's text put a
 * practice under a theme of the vocabulary (sources/practice_themes/themes.csv).
 *
 * A rule is a word pattern in a small notation, matched on the text in
 * lower case with «ё» as «е»:
 *   `анкет*`            a word beginning with «анкет» (анкета, анкетирование, анкеты);
 *   `тз`                exactly the word «тз»;
 *   `обратн* связ*`     two adjacent words (space or dash between them);
 *   `устранени* [выявленн*] недостатк*`   a word in brackets may be absent;
 *   `~`                 any one word (may be absent).
 * `requires`: the sentence must also contain this pattern (e.g. visits only
 * count when a public council or public organization is in the sentence);
 * `unless`: the sentence must not contain it (e.g. «анкета» inside the
 * operator's toolkit is not feedback from recipients); `skip`: matched words
 * that do not count (the participle «обученный специалист» is not training).
 *
 * Each tag keeps the words that triggered it and the sentence fragment, so a
 * reader sees why a practice carries the tag. docs/practice-themes.md lists
 * these rules for readers; tests/unit/practice-themes.test.ts checks them.
 */
import { foldCase, splitSentences, normalizeSpace } from './text.ts';

export const THEME_CODES = [
  'feedback',
  'council_visits',
  'operator_tz',
  'staff_training',
  'client_centricity',
  'accessible_environment',
  'repair_equipment',
  'info_openness',
  'manager_incentives',
  'contests_awards',
  'digital_services',
  'deficiency_control',
] as const;
export type ThemeCode = (typeof THEME_CODES)[number];

export interface ThemeRule {
  theme: ThemeCode;
  /** Patterns in the notation above; any one triggers the theme. */
  patterns: string[];
  requires?: string[];
  unless?: string[];
  /** Regular expression (on the folded matched words) of matches that do not count. */
  skip?: RegExp;
}

export const THEME_RULES: ThemeRule[] = [
  {
    theme: 'feedback',
    patterns: ['обратн* связ*', 'анкет*', 'опрос*', 'интервью*', 'отзыв*', 'мнени*', 'пожелани*', 'обращения граждан', 'прям* диалог*', 'краудсорсинг*'],
    // not feedback from recipients: the operator's own data collection and toolkit, a survey of
    // organizations or of the report's respondents, the evaluation of a training course by its trainees
    unless: ['оператор*', 'инструментари*', 'опрос* организаци*', 'опрос* органов', 'участник* опрос*', 'сбор* и анализ*', 'сбор* и обобщени*', 'слушател*'],
  },
  {
    theme: 'council_visits',
    patterns: ['выезд*', 'посещ*'],
    requires: ['обществен*'],
  },
  {
    theme: 'operator_tz',
    patterns: ['техническ* задани*', 'тз', 'методик* организаци* и проведени*', 'требовани* к отчетн*'],
  },
  {
    theme: 'staff_training',
    patterns: ['обуч*', 'семинар*', 'тренинг*', 'вебинар*', 'повышени* квалификаци*', 'курс* повышени*', 'практикум*'],
    // «обученный специалист» is a person who was trained elsewhere, not a training activity
    skip: /^обученн/,
  },
  {
    theme: 'client_centricity',
    patterns: ['клиентоцентричн*', 'человекоцентричн*', 'клиентоориентированн*', 'доброжелательн*', 'вежливост*', 'этик*', 'коммуникативн* навык*', 'эффективн* коммуникаци*', 'конфликт*'],
  },
  {
    theme: 'accessible_environment',
    patterns: [
      'доступн* сред*',
      'инвалид*',
      'маломобильн*',
      'ограниченн* возможност*',
      'брайл*',
      'сурдоперевод*',
      'тифлосурдоперевод*',
      'средств* реабилитаци*',
      'безбарьерн*',
      'кресл* коляс*',
      'колясочник*',
      'мемосхем*',
      'мнемосхем*',
      'кнопк* вызова',
    ],
  },
  {
    theme: 'repair_equipment',
    patterns: ['ремонт*', 'материально техническ*', 'оборудован*', 'приобрет*', 'мебел*', 'оснащени*'],
  },
  {
    theme: 'info_openness',
    patterns: [
      'открытост*',
      'доступност* информаци*',
      'стенд*',
      'официальн* сайт*',
      'мониторинг* ~ сайт*',
      'bus gov ru',
      'информировани* получател*',
      'информативност*',
      'буклет*',
      'информационно раздаточн*',
    ],
  },
  {
    theme: 'manager_incentives',
    patterns: ['стимулировани*', 'преми*', 'поощрени*', 'оценк* эффективност*', 'выплат*'],
  },
  {
    theme: 'contests_awards',
    patterns: ['конкурс*', 'награждени*', 'наград*', 'кубк*', 'кубок', 'диплом*', 'грамот*', 'благодарност*', 'медал*'],
  },
  {
    theme: 'digital_services',
    patterns: [
      'информационн* систем*',
      'личн* кабинет*',
      'мобильн* устройств*',
      'мобильн* приложени*',
      'электронн* ресурс*',
      'электронн* сервис*',
      'цифров*',
      'qr',
      'яндекс*',
      'онлайн*',
      'интернет*',
      'видеоконференцсвяз*',
      'дистанционн* формат*',
      'дистанционн* приемн*',
      'sip',
      'гис',
      'краудсорсингов* платформ*',
      'мессенджер*',
      'социальн* сет*',
      'электронн* почт*',
    ],
  },
  {
    theme: 'deficiency_control',
    patterns: [
      'устранени* [выявленн*] недостатк*',
      'устран* [выявленн*] недостатк*',
      'исправлени* [выявленн*] недостатк*',
      'план* [по] устранени*',
      'контрол* исполнени*',
      'контрол* выполнени*',
      'мониторинг* выполнени*',
      'мониторинг* результативност* принят*',
      'выполня* рекомендаци*',
      'выполнени* рекомендаци*',
      'превентивн* мероприят*',
    ],
  },
];

const L = '[а-яa-z0-9]';
const SEP = '[\\s\\-–—.]+';

/** Compile one pattern of the notation into a regular expression on folded text. */
export function compilePattern(pattern: string): RegExp {
  const words = pattern.trim().split(/\s+/);
  if (!words.length || words.every((w) => w === '~' || w.startsWith('['))) throw new Error(`пустой шаблон: «${pattern}»`);
  const parts: string[] = [];
  words.forEach((w, i) => {
    const optional = w === '~' || (w.startsWith('[') && w.endsWith(']'));
    const bare = w === '~' ? '' : w.replace(/^\[|\]$/g, '');
    if (bare && !/^[а-яa-z0-9-]+\*?$/.test(bare)) throw new Error(`шаблон «${pattern}»: слово «${w}» — только строчные буквы, цифры, дефис и «*» в конце`);
    const core = w === '~' ? `${L}+` : bare.endsWith('*') ? `${escape(bare.slice(0, -1))}${L}*` : `${escape(bare)}(?!${L})`;
    const sep = i === 0 ? '' : SEP;
    parts.push(optional ? `(?:${sep}${core})?` : `${sep}${core}`);
  });
  return new RegExp(`(?<!${L})${parts.join('')}`, 'g');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

interface CompiledRule {
  theme: ThemeCode;
  patterns: { source: string; re: RegExp }[];
  requires: RegExp[];
  unless: RegExp[];
  skip?: RegExp;
}

export function compileRules(rules: ThemeRule[] = THEME_RULES): CompiledRule[] {
  return rules.map((r) => ({
    theme: r.theme,
    patterns: r.patterns.map((p) => ({ source: p, re: compilePattern(p) })),
    requires: (r.requires ?? []).map(compilePattern),
    unless: (r.unless ?? []).map(compilePattern),
    ...(r.skip ? { skip: r.skip } : {}),
  }));
}

export interface TextField {
  /** description | problem | results */
  field: string;
  text: string | null | undefined;
}

export interface ThemeMatch {
  theme: ThemeCode;
  /** The words as written in the text. */
  words: string;
  pattern: string;
  field: string;
  sentence: string;
  /** Offset of the words in the sentence. */
  offset: number;
  /** Order of the match in the whole text (field, sentence, offset). */
  at: number;
}

export interface ThemeTag {
  theme: ThemeCode;
  /** The sentence fragment around the first match, with «…» where cut. */
  evidence: string;
  /** Distinct matched words, in order of appearance, joined with «; ». */
  matched_words: string;
  match_count: number;
  /** Fields the matches come from, joined with «; ». */
  fields: string;
  /** The patterns that fired, joined with «; ». */
  patterns: string;
}

const test = (re: RegExp, s: string): boolean => {
  re.lastIndex = 0;
  const r = re.test(s);
  re.lastIndex = 0;
  return r;
};

/** Every match of every rule in the given text fields (sentence by sentence). */
export function findThemeMatches(fields: TextField[], rules: CompiledRule[] = compileRules()): ThemeMatch[] {
  const out: ThemeMatch[] = [];
  const seenSentences = new Set<string>();
  let base = 0;
  for (const f of fields) {
    if (!f.text) continue;
    for (const s of splitSentences(f.text)) {
      const folded = foldCase(s.text);
      // a sentence repeated in another field (results repeat the description) counts once
      if (seenSentences.has(folded)) continue;
      seenSentences.add(folded);
      for (const r of rules) {
        if (r.requires.length && !r.requires.some((q) => test(q, folded))) continue;
        if (r.unless.some((q) => test(q, folded))) continue;
        for (const p of r.patterns) {
          p.re.lastIndex = 0;
          for (const m of folded.matchAll(p.re)) {
            if (r.skip && r.skip.test(m[0])) continue;
            out.push({ theme: r.theme, words: s.text.slice(m.index, m.index + m[0].length), pattern: p.source, field: f.field, sentence: s.text, offset: m.index, at: base + s.start + m.index });
          }
        }
      }
    }
    base += f.text.length + 1;
  }
  return out.sort((a, b) => a.at - b.at);
}

/** A fragment of `sentence` around [offset, offset+len): whole words, at most ~`radius` characters each side. */
export function fragment(sentence: string, offset: number, len: number, radius = 90): string {
  let a = Math.max(0, offset - radius);
  let b = Math.min(sentence.length, offset + len + radius);
  if (a > 0) {
    const sp = sentence.indexOf(' ', a);
    a = sp >= 0 && sp < offset ? sp + 1 : a;
  }
  if (b < sentence.length) {
    const sp = sentence.lastIndexOf(' ', b);
    b = sp > offset + len ? sp : b;
  }
  return (a > 0 ? '…' : '') + sentence.slice(a, b).trim() + (b < sentence.length ? '…' : '');
}

/** One tag per theme found in the fields, with its evidence. Themes in vocabulary order. */
export function tagPractice(fields: TextField[], rules: CompiledRule[] = compileRules()): ThemeTag[] {
  const matches = findThemeMatches(
    fields.map((f) => ({ ...f, text: f.text ? normalizeSpace(f.text) : f.text })),
    rules,
  );
  const tags: ThemeTag[] = [];
  for (const theme of THEME_CODES) {
    const ms = matches.filter((m) => m.theme === theme);
    if (!ms.length) continue;
    // overlapping matches of two patterns of one theme (e.g. «доступной среды» and «среды») count once: keep the longest
    const kept = ms.filter(
      (m) => !ms.some((o) => o !== m && o.sentence === m.sentence && o.field === m.field && o.offset <= m.offset && o.offset + o.words.length >= m.offset + m.words.length && o.words.length > m.words.length),
    );
    const unique = kept.filter((m, i) => kept.findIndex((o) => o.sentence === m.sentence && o.offset === m.offset && o.words === m.words) === i);
    const first = unique[0]!;
    const words: string[] = [];
    for (const m of unique) if (!words.some((w) => foldCase(w) === foldCase(m.words))) words.push(m.words);
    tags.push({
      theme,
      evidence: fragment(first.sentence, first.offset, first.words.length),
      matched_words: words.join('; '),
      match_count: unique.length,
      fields: [...new Set(unique.map((m) => m.field))].join('; '),
      patterns: [...new Set(unique.map((m) => m.pattern))].join('; '),
    });
  }
  return tags;
}
