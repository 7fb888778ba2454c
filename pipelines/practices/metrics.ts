/**
 * Figures in the text of a practice: every number with its unit, the year it
 * refers to, a short phrase saying what it measures and the sentence it comes
 * from («За период с 2021 года по сентябрь 2023 года проведено 238 обучающих
 * мероприятий…» → 238 · мероприятий · 2023 · «проведено обучающих мероприятий»).
 *
 * Numbers are read the Russian way: «7519», «21 097» (space, no-break or thin
 * space between thousands), «99,84 %», «30 000 рублей», «1,4 тыс.». Not
 * figures: years («в 2022 году»), dates («13.02.2019»), document numbers
 * («№ 69-р»), labels of enumerations («1 этап –») and of periods («в 1 полугодии»).
 */
import { foldCase, normalizeSpace, splitSentences } from './text.ts';
import type { TextField } from './themes.ts';
import { unitForms } from '@nok-atlas/common/fmt.js';

/** Parse a Russian-written number: «21 097» → 21097, «99,84» → 99.84, «1 391 000,50» → 1391000.5, «1391000.5» → 1391000.5. */
export function parseRuNumber(text: string): number | null {
  const t = text.replace(/[\s\u00a0\u202f\u2009]/g, '').replace(/%$/, '');
  if (!/^[-−]?\d+(?:[.,]\d+)?$/.test(t)) return null;
  const n = Number(t.replace('−', '-').replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

export interface Metric {
  /** Order of the figure in the practice's text (1, 2, …). */
  metric_no: number;
  value: number;
  /** The number as written («21 097», «99,84 %»). */
  value_text: string;
  /** The unit as it stands after a number in the text: genitive plural («этапов», «организаций»), «руб.», «%». */
  unit: string | null;
  /** The unit to print beside `value` in the form for 1, 2 and 5 («этап», «этапа», «этапов»); see unitDisplayForms. */
  unit_one: string | null;
  unit_few: string | null;
  unit_many: string | null;
  /** «=», «>» («выше», «более»), «<» («менее», «ниже»). */
  comparator: '=' | '>' | '<';
  year: number | null;
  /** The period as written, when the sentence names one («с 2021 года по сентябрь 2023 года», «1 полугодие 2023»). */
  period: string | null;
  /** Where the year comes from: the figure's own words, its sentence, or an earlier sentence of the same text. */
  year_basis: 'при цифре' | 'в предложении' | 'из предыдущего предложения' | null;
  measures: string;
  /** Is the figure a difference («на 8663 человека больше»)? */
  is_difference: boolean;
  sentence: string;
  field: string;
}

interface UnitWord {
  re: RegExp;
  unit: string;
  /** A pure unit word says nothing about what is measured (рублей, человек, %): it stays out of `measures`. */
  pure: boolean;
}

const UNIT_WORDS: UnitWord[] = [
  { re: /^руб/, unit: 'руб.', pure: true },
  { re: /^(чел|человек)/, unit: 'чел.', pure: true },
  { re: /^(работник|сотрудник|специалист|слушател|получател|граждан|респондент|жител)/, unit: 'чел.', pure: false },
  { re: /^мероприят/, unit: 'мероприятий', pure: false },
  { re: /^(семинар|тренинг|курс|заняти|вебинар)/, unit: 'мероприятий', pure: false },
  { re: /^отзыв/, unit: 'отзывов', pure: false },
  { re: /^экземпляр/, unit: 'экз.', pure: false },
  { re: /^поставщик/, unit: 'поставщиков', pure: false },
  { re: /^(организаци|учреждени)/, unit: 'организаций', pure: false },
  { re: /^балл/, unit: 'баллов', pure: true },
  { re: /^раз(а)?$/, unit: 'раз', pure: true },
  { re: /^(дн|день|дня|дней)/, unit: 'дней', pure: true },
  { re: /^(месяц|мес$)/, unit: 'мес.', pure: true },
  { re: /^этап/, unit: 'этапов', pure: false },
  { re: /^практик/, unit: 'практик', pure: false },
  { re: /^(субъект|регион)/, unit: 'субъектов', pure: false },
  { re: /^анкет/, unit: 'анкет', pure: false },
];
const MULTIPLIERS: [RegExp, number, string][] = [
  [/^тыс/, 1e3, 'тыс.'],
  [/^млн/, 1e6, 'млн'],
  [/^млрд/, 1e9, 'млрд'],
];

/** Every unit a figure can get: the unit words, «%», a multiplier alone or before a unit, «раз в …». */
export const METRIC_UNITS: readonly string[] = (() => {
  const base = [...new Set(UNIT_WORDS.map((u) => u.unit))];
  const per = ['год', 'месяц', 'неделю', 'квартал'].map((p) => `раз в ${p}`);
  const all = ['%', ...base, ...per];
  for (const [, , m] of MULTIPLIERS) all.push(m, ...base.map((u) => `${m} ${u}`));
  return all;
})();

/**
 * The unit to print beside `value`: the stored unit without its multiplier, which `value` already
 * contains («378 тыс. рублей» → value 378 000, unit «тыс. руб.», shown «378 000 руб.»); null when
 * nothing is to be printed.
 */
export function displayUnit(unit: string | null): string | null {
  if (!unit) return null;
  const u = unit.replace(/^(?:тыс\.|млн|млрд)\s*/, '').trim();
  return u || null;
}

/**
 * The displayed unit in the forms for 1, 2 and 5 («этап», «этапа», «этапов»; «руб.» three times):
 * the brief and the practice pages print «2 этапа», «1 организация» from them.
 */
export function unitDisplayForms(unit: string | null): [string, string, string] | null {
  return unitForms(displayUnit(unit));
}
const MONTHS = 'январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр';

/** Year phrases of a (folded) sentence: where they are, the year, the period as written. */
function yearPhrases(folded: string, original: string): { start: number; end: number; year: number; period: string | null }[] {
  const out: { start: number; end: number; year: number; period: string | null }[] = [];
  const taken = (s: number, e: number): boolean => out.some((p) => s < p.end && e > p.start);
  const add = (m: RegExpMatchArray, year: number, period: string | null): void => {
    if (!taken(m.index!, m.index! + m[0].length)) out.push({ start: m.index!, end: m.index! + m[0].length, year, period });
  };
  for (const m of folded.matchAll(new RegExp(`с (\\d{4}) года? по (?:(?:${MONTHS})[а-я]* )?(\\d{4})(?: года?| г\\.)?`, 'g'))) add(m, Number(m[2]), original.slice(m.index!, m.index! + m[0].length));
  for (const m of folded.matchAll(/(\d) полугоди[а-я]* (\d{4})(?: года?| г\.)?/g)) add(m, Number(m[2]), `${m[1]} полугодие ${m[2]}`);
  for (const m of folded.matchAll(new RegExp(`(?:${MONTHS})[а-я]* (\\d{4})(?: года?| г\\.)?`, 'g'))) add(m, Number(m[1]), original.slice(m.index!, m.index! + m[0].length));
  for (const m of folded.matchAll(/(?<![\d.])(\d{4}) (?:год[а-я]*|г\.|гг\.)/g)) add(m, Number(m[1]), null);
  return out.filter((p) => p.year >= 1990 && p.year <= 2100).sort((a, b) => a.start - b.start);
}

const LEAD_STRIP = /^(?:и|а|но|что|чем|из|при этом|а также|также|из них|в том числе|на которых|которые|которых|в которых|посредством)\s+/i;
const TAIL_STRIP = /(?:^|\s+)(?:с|до|на|в|во|из|за|по|от|к|в размере|на уровне|составил[аио]?|составля[а-я]+|поддерживается|выше|более|свыше|больше|менее|ниже|около|порядка|не менее|не более|всего|только|лишь|года?|году|г\.|чем|не позднее)$/i;
const AFTER_STOP = /^(?:в|во|на|с|по|до|за|путем|через|при|что|чем|и|а|или|для|к|у|из)$/;
const CLAUSE_DELIMS = [',', ';', ':', '(', ' – ', ' — '];

function tidy(phrase: string): string {
  let p = phrase.replace(/[«»"()]/g, ' ').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 6; i++) {
    const before = p;
    p = p.replace(LEAD_STRIP, '').replace(TAIL_STRIP, '').replace(/^[–—,.;:-]\s*|\s*[–—,;:-]$/g, '').trim();
    if (p === before) break;
  }
  return p;
}

const lastWords = (s: string, n: number): string => s.split(' ').filter(Boolean).slice(-n).join(' ');

function lastDelim(s: string): number {
  return Math.max(...CLAUSE_DELIMS.map((d) => {
    const i = s.lastIndexOf(d);
    return i < 0 ? -1 : i + d.length - 1;
  }));
}

/** Figures of one practice's text fields. Sentences repeated across fields count once. */
export function extractMetrics(fields: TextField[]): Metric[] {
  const out: Metric[] = [];
  let seenText = '';
  for (const f of fields) {
    if (!f.text) continue;
    let carry: { year: number; period: string | null } | null = null;
    const sentences = splitSentences(normalizeSpace(f.text));
    const fieldText = foldCase(normalizeSpace(f.text));
    for (const s of sentences) {
      const folded = foldCase(s.text);
      const phrases = yearPhrases(folded, s.text);
      // the results of a practice repeat sentences of its description: count them once
      if (!seenText.includes(folded)) out.push(...sentenceMetrics(s.text, folded, phrases, carry, f.field, out.length));
      const last = phrases[phrases.length - 1];
      if (last) carry = { year: last.year, period: last.period };
    }
    seenText += '\n' + fieldText;
  }
  return out;
}

interface Chain {
  /** What the first figure of an enumeration measures, without its own clause. */
  head: string;
}

function sentenceMetrics(
  sentence: string,
  folded: string,
  phrases: { start: number; end: number; year: number; period: string | null }[],
  carry: { year: number; period: string | null } | null,
  field: string,
  offset: number,
): Metric[] {
  // dates and document numbers are masked so that their digits are not read as figures
  const masked = folded.replace(/\d{1,2}\.\d{1,2}\.\d{2,4}/g, (m) => '#'.repeat(m.length)).replace(/№\s*[\w-]+/g, (m) => '#'.repeat(m.length));
  const found: Metric[] = [];
  let prevEnd = 0;
  let prev: Metric | null = null;
  let chain: Chain | null = null;
  const re = /(?<![\d.,#])(\d{1,3}(?: \d{3})+|\d+)(?:,(\d+)|\.(\d+)(?![.\d]))?(?![\d])/g;
  for (const m of masked.matchAll(re)) {
    const start = m.index!;
    let end = start + m[0].length;
    const raw = m[0];
    const inYear = phrases.some((p) => start >= p.start && start < p.end);
    const plain = !raw.includes(' ') && !m[2] && !m[3];
    const rest0 = masked.slice(end);
    // labels: «1 этап –», «в 1 полугодии»
    if (/^\s*этап[а-я]*\s*[-–—]/.test(rest0) || /^\s*(?:полугоди|квартал)/.test(rest0)) continue;
    let value = parseRuNumber(raw)!;
    // «3-м этапам»: a case ending after a dash
    const caseEnd = /^-(?:м|х|ми|ти|й|го|е|я|ой|ым)(?![а-я])/.exec(rest0);
    if (caseEnd) end += caseEnd[0].length;
    let valueEnd = end;
    // unit: «%», or a unit word among the next three words (after an optional «тыс.»/«млн»)
    let unit: string | null = null;
    let skipWords = 0;
    const pct = /^\s?%/.exec(masked.slice(end));
    const words = [...masked.slice(end).matchAll(/\S+/g)].map((w) => ({ w: w[0], bare: w[0].replace(/[^а-яa-z.%-]/g, '').replace(/\.$/, ''), at: end + w.index! }));
    if (pct) {
      unit = '%';
      valueEnd = end + pct[0].length;
      skipWords = 1;
    } else {
      let i = 0;
      const mult = MULTIPLIERS.find(([r]) => r.test(words[0]?.bare ?? ''));
      if (mult) {
        value *= mult[1];
        unit = mult[2];
        i = 1;
        skipWords = 1;
      }
      for (let k = i; k < Math.min(words.length, i + 3); k++) {
        const u = UNIT_WORDS.find((x) => x.re.test(words[k]!.bare));
        if (u) {
          unit = mult ? `${mult[2]} ${u.unit}` : u.unit;
          if (u.pure && k === i) skipWords = k + 1;
          if (u.unit === 'раз') {
            const per = /^раза?\s+в\s+(год|месяц|неделю|квартал)/.exec(masked.slice(words[k]!.at));
            if (per) unit = `раз в ${per[1]}`;
          }
          break;
        }
        if (/[,.;:)]$/.test(words[k]!.w)) break;
      }
    }
    // years written as plain numbers are not figures (unless a unit follows: «2000 рублей»)
    if (inYear || (plain && value >= 1990 && value <= 2100 && !unit)) continue;
    // after-words: the unit phrase and what follows, up to punctuation or a preposition
    const keep: string[] = [];
    let afterEnd = skipWords ? words[skipWords - 1]!.at + words[skipWords - 1]!.w.length : valueEnd;
    if (!(skipWords && /[,.;:!?)]$/.test(words[skipWords - 1]!.w))) {
      for (let k = skipWords; k < words.length && keep.length < 6; k++) {
        const w = words[k]!.w;
        const bare = w.replace(/[,.;:!?)»"]+$/, '');
        if (!bare || /^[^а-яa-z]/.test(bare) || AFTER_STOP.test(bare)) break;
        keep.push(sentence.slice(words[k]!.at, words[k]!.at + bare.length));
        afterEnd = words[k]!.at + bare.length;
        if (bare !== w) break;
      }
    }
    const afterText = keep.join(' ');
    const valueText = sentence.slice(start, valueEnd).trim();
    // comparator and difference
    const beforeFolded = masked.slice(0, start);
    const comparator: Metric['comparator'] = /(?:выше|более|свыше|больше|не менее)\s*$/.test(beforeFolded)
      ? '>'
      : /(?:менее|ниже|не более)\s*$/.test(beforeFolded)
        ? '<'
        : '=';
    const isDifference = /(?:^|\s)на\s*$/.test(beforeFolded) && /^\s*(?:[а-я]+\s+){0,2}(?:больше|меньше|выше|ниже)(?![а-я])/.test(masked.slice(valueEnd));
    // before-words: the clause before the figure, after the previous figure or year phrase
    const yearBefore = phrases.filter((p) => p.end <= start);
    const from = Math.max(prevEnd, yearBefore.length ? yearBefore[yearBefore.length - 1]!.end : 0);
    const listItem = prev !== null && chain !== null && /\s[–—-]\s*$/.test(beforeFolded);
    let measures: string;
    if (listItem) {
      // «…, надомного социального обслуживания – 2 206»: the label between the previous figure and the dash
      let lab = sentence.slice(from, start).replace(/\s[–—-]\s*$/, '').replace(/^[\s,;:]+/, '');
      if (lab.includes('(')) lab = lab.slice(0, lab.indexOf('('));
      lab = tidy(lastWords(lab.replace(/^(?:.*?\s)?путем\s+/i, ''), 6));
      measures = `${chain!.head}: ${lab}`;
    } else {
      const clause = sentence.slice(from, start);
      const d = lastDelim(foldCase(clause));
      let own = tidy(clause.slice(d + 1));
      let head = '';
      // a clause that is only a participle or relative phrase («занявшим первое место…»), or nothing,
      // keeps the clause before it
      if (d >= 0 && (!own || /^(?:занявш|получивш|котор|набравш|чем)/i.test(own))) {
        const earlier = clause.slice(0, d);
        const d2 = lastDelim(foldCase(earlier));
        head = tidy(lastWords(earlier.slice(d2 + 1), 8));
      }
      const nBefore = afterText && unit && !UNIT_WORDS.some((u) => u.pure && u.unit === unit) ? 6 : 10;
      own = lastWords(own, nBefore);
      measures = tidy([head, own].filter(Boolean).join(', ') + (afterText ? ' ' + afterText : ''));
      chain = { head: tidy([head, lastWords(own, 6)].filter(Boolean).join(', ') + (afterText ? ' ' + afterText : '')) };
      if (head && own) chain = { head };
      if (isDifference && prev) measures = `${baseMeasure(found, unit) ?? prev.measures} — прирост`;
      else if ((!measures || /^[а-я]{1,3}$/i.test(measures)) && baseMeasure(found, unit)) measures = baseMeasure(found, unit)!;
      if (unit?.startsWith('раз ')) measures = `периодичность${measures ? ': ' + measures.toLowerCase() : ''}`;
      // «за 2 рабочих дня до выезда эксперта»: a lead time
      const lead = unit === 'дней' && /(?:^|\s)за\s*$/.test(beforeFolded) ? /^\s*(?:[а-я]+\s+)?(?:дн[а-я]*|день)\s+(до\s+[^,.;:()]+)/.exec(masked.slice(valueEnd)) : null;
      if (lead) {
        const at = valueEnd + masked.slice(valueEnd).indexOf(lead[1]!);
        measures = `за сколько дней ${sentence.slice(at, at + lead[1]!.length).trim().split(' ').slice(0, 4).join(' ')}`;
      }
    }
    if (listItem && !unit) unit = prev!.unit;
    // year
    let year: number | null = null;
    let period: string | null = null;
    let yearBasis: Metric['year_basis'] = null;
    const own = /^\s*(?:[а-я]+\s+)?в (\d{4}) (?:год[а-я]*|г\.)/.exec(masked.slice(valueEnd));
    const paren = /в (\d{4}) (?:год[а-я]*|г\.)\s*\(\s*$/.exec(beforeFolded);
    if (own && !unit?.startsWith('раз')) {
      year = Number(own[1]);
      yearBasis = 'при цифре';
    } else if (paren) {
      year = Number(paren[1]);
      yearBasis = 'при цифре';
    } else if (yearBefore.length) {
      const p = yearBefore[yearBefore.length - 1]!;
      year = p.year;
      period = p.period;
      yearBasis = 'в предложении';
    } else if (carry) {
      year = carry.year;
      period = carry.period;
      yearBasis = 'из предыдущего предложения';
    }
    const forms = unitDisplayForms(unit);
    const metric: Metric = {
      metric_no: offset + found.length + 1,
      value,
      value_text: valueText,
      unit,
      unit_one: forms?.[0] ?? null,
      unit_few: forms?.[1] ?? null,
      unit_many: forms?.[2] ?? null,
      comparator,
      year,
      period,
      year_basis: yearBasis,
      measures: measures || '—',
      is_difference: isDifference,
      sentence,
      field,
    };
    found.push(metric);
    prev = metric;
    prevEnd = afterEnd;
  }
  return found;
}

/** What the last figure with this unit (not a difference) measures. */
function baseMeasure(found: Metric[], unit: string | null): string | null {
  for (let i = found.length - 1; i >= 0; i--) if (found[i]!.unit === unit && !found[i]!.is_difference && found[i]!.measures !== '—') return found[i]!.measures;
  return null;
}
