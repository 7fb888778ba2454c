// Russian full-text search over the practice catalogue, the same code in Node and in the browser.
//
// The warehouse model marts.practice_term (models/marts/practice_term.ts) indexes every practice
// with `documentTerms` below; the page component PracticeSearch.svelte stems the query with the
// same `terms` and ranks with `search` (BM25F: per-field weights and length normalization).
// Stemming: the Snowball Russian stemmer (npm `snowball-stemmers`, a port of snowball.tartarus.org),
// so «обучение», «обучения», «обучению» share the stem «обучен». Snowball cuts some forms shorter
// («обучено» → «обуч»), so a query stem also matches an index stem that extends or shortens it by
// at most two letters (when the shorter is at least four letters), with a lower weight.
// Multi-word queries: practices with all the words rank first, and an exact phrase
// («выездные заседания») adds a bonus.

import snowball from 'snowball-stemmers';

const russian = snowball.newStemmer('russian');

/** Words that carry no meaning for search (prepositions, conjunctions, pronouns). */
export const STOPWORDS = new Set(
	(
		'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему ' +
		'теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут ' +
		'где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой ' +
		'совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после ' +
		'над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя ' +
		'такой им более всегда конечно всю между также который которые которых которым которая котором которой это эта данный данной данная ' +
		'т д г др пр т.п. т.д'
	).split(/\s+/)
);

/** Lower case, «ё» → «е». */
export function normalize(text) {
	return String(text ?? '').toLowerCase().replace(/ё/g, 'е');
}

const WORD = /[0-9a-zа-яё]+/gi;

/** Words of a text with their positions: [{ word, start, end }] (word normalized). */
export function words(text) {
	const s = String(text ?? '');
	const out = [];
	for (const m of s.matchAll(WORD)) out.push({ word: normalize(m[0]), start: m.index, end: m.index + m[0].length });
	return out;
}

const stemCache = new Map();

/** The search stem of one normalized word; null for a stopword. */
export function stem(word) {
	const w = normalize(word);
	if (!w || STOPWORDS.has(w)) return null;
	let s = stemCache.get(w);
	if (s === undefined) {
		s = /[а-я]/.test(w) ? russian.stem(w) : w;
		if (stemCache.size > 50000) stemCache.clear();
		stemCache.set(w, s);
	}
	return s;
}

/** Stems of a text, in order, stopwords removed. */
export function terms(text) {
	const out = [];
	for (const { word } of words(text)) {
		const s = stem(word);
		if (s) out.push(s);
	}
	return out;
}

/** Fields a practice is indexed under and their weights in ranking. */
export const FIELD_WEIGHTS = { title: 3, region: 2, theme: 1.5, description: 1, problem: 1, results: 1 };

/**
 * The index rows of one document: [{ field, term, count }] for each field of `doc`
 * ({ title, region, theme, description, problem, results }: strings, missing allowed).
 */
export function documentTerms(doc) {
	const out = [];
	for (const field of Object.keys(FIELD_WEIGHTS)) {
		const counts = new Map();
		for (const t of terms(doc[field])) counts.set(t, (counts.get(t) ?? 0) + 1);
		for (const [term, count] of counts) out.push({ field, term, count });
	}
	return out;
}

/**
 * How well a query stem matches an index stem: 1 when equal; 0.7 when one extends the other by
 * one or two letters and the shorter has at least four letters (Snowball's uneven cuts:
 * «обучен» / «обуч»); otherwise 0.
 */
export function termMatch(q, t) {
	if (q === t) return 1;
	const [a, b] = q.length <= t.length ? [q, t] : [t, q];
	if (a.length >= 4 && b.length - a.length <= 2 && b.startsWith(a) && /[а-я]/.test(a)) return 0.7;
	return 0;
}

/**
 * Build the ranking index from term rows ({ practice_id, field, term, count } — marts.practice_term
 * or documentTerms of each document with its id).
 */
export function buildIndex(rows) {
	const docs = new Map();
	const vocabulary = new Set();
	for (const r of rows) {
		const id = String(r.practice_id);
		let d = docs.get(id);
		if (!d) docs.set(id, (d = { id, fields: {} }));
		const f = (d.fields[r.field] ??= { len: 0, tf: new Map() });
		const c = Number(r.count);
		f.tf.set(r.term, (f.tf.get(r.term) ?? 0) + c);
		f.len += c;
		vocabulary.add(r.term);
	}
	const avgLen = {};
	for (const field of Object.keys(FIELD_WEIGHTS)) {
		let sum = 0;
		for (const d of docs.values()) sum += d.fields[field]?.len ?? 0;
		avgLen[field] = docs.size ? Math.max(1, sum / docs.size) : 1;
	}
	return { docs, avgLen, vocabulary: [...vocabulary], N: docs.size };
}

const K1 = 1.2;
const B = 0.75;
const PHRASE_BONUS = 1.5;

/** Index stems that match a query stem, with their weights. */
function expand(index, q) {
	const out = [];
	for (const t of index.vocabulary) {
		const w = termMatch(q, t);
		if (w > 0) out.push([t, w]);
	}
	return out;
}

/**
 * Does the text contain the query stems as consecutive words (stopwords between them do not count,
 * punctuation and line breaks do: a phrase does not run across a sentence or a field)?
 */
export function hasPhrase(text, queryStems) {
	if (queryStems.length < 2) return false;
	for (const chunk of String(text ?? '').split(/[.;:!?()\n«»"—–]+/)) {
		const ts = terms(chunk);
		for (let i = 0; i + queryStems.length <= ts.length; i++) {
			if (queryStems.every((q, j) => termMatch(q, ts[i + j]) > 0)) return true;
		}
	}
	return false;
}

/**
 * Rank documents for a query. Returns [{ practice_id, score, matched: [index stems], coverage }],
 * best first; documents matching no query word are left out. `texts` (optional):
 * Map or object practice_id → text, used for the phrase bonus.
 */
export function search(index, query, { texts, limit } = {}) {
	const qs = [...new Set(terms(query))];
	if (!qs.length) return [];
	const results = new Map();
	for (const q of qs) {
		const variants = expand(index, q);
		if (!variants.length) continue;
		// document frequency of the query word: documents with any of its variants
		let df = 0;
		for (const d of index.docs.values()) {
			if (variants.some(([t]) => Object.values(d.fields).some((f) => f.tf.has(t)))) df++;
		}
		const idf = Math.log(1 + (index.N - df + 0.5) / (df + 0.5));
		for (const d of index.docs.values()) {
			let tf = 0;
			const matched = [];
			for (const [field, f] of Object.entries(d.fields)) {
				const w = FIELD_WEIGHTS[field] ?? 1;
				const norm = 1 - B + (B * f.len) / (index.avgLen[field] ?? 1);
				for (const [t, mw] of variants) {
					const c = f.tf.get(t);
					if (c) {
						tf += (w * mw * c) / norm;
						matched.push(t);
					}
				}
			}
			if (tf <= 0) continue;
			let r = results.get(d.id);
			if (!r) results.set(d.id, (r = { practice_id: d.id, score: 0, matched: new Set(), hits: 0 }));
			r.score += (idf * tf * (K1 + 1)) / (tf + K1);
			r.hits += 1;
			for (const t of matched) r.matched.add(t);
		}
	}
	const get = (id) => (texts instanceof Map ? texts.get(id) : texts?.[id]);
	const out = [...results.values()].map((r) => {
		const coverage = r.hits / qs.length;
		let score = r.score * coverage;
		if (texts && qs.length > 1 && hasPhrase(get(r.practice_id), qs)) score *= PHRASE_BONUS;
		return { practice_id: r.practice_id, score, matched: [...r.matched], coverage };
	});
	out.sort((a, b) => b.score - a.score || a.practice_id.localeCompare(b.practice_id));
	return limit ? out.slice(0, limit) : out;
}

/**
 * Split a text into segments [{ text, hit }], where `hit` marks words whose stem matches one of
 * `stems` (index stems, as `search` returns them in `matched`).
 */
export function highlight(text, stems) {
	const s = String(text ?? '');
	const set = [...new Set(stems ?? [])];
	const segs = [];
	let pos = 0;
	for (const w of words(s)) {
		const st = stem(w.word);
		if (!st || !set.some((t) => termMatch(t, st) > 0)) continue;
		if (w.start > pos) segs.push({ text: s.slice(pos, w.start), hit: false });
		segs.push({ text: s.slice(w.start, w.end), hit: true });
		pos = w.end;
	}
	if (pos < s.length) segs.push({ text: s.slice(pos), hit: false });
	return segs;
}

/**
 * A snippet of `text` around its first matching word (about `radius` characters each side),
 * as highlight segments, with «…» where cut. Without a match: the beginning of the text.
 */
export function snippet(text, stems, radius = 110) {
	const s = String(text ?? '');
	const set = [...new Set(stems ?? [])];
	let first = -1;
	if (set.length) {
		for (const w of words(s)) {
			const st = stem(w.word);
			if (st && set.some((t) => termMatch(t, st) > 0)) {
				first = w.start;
				break;
			}
		}
	}
	let a = first < 0 ? 0 : Math.max(0, first - radius);
	let b = Math.min(s.length, (first < 0 ? 0 : first) + (first < 0 ? 2 * radius : radius));
	if (a > 0) {
		const sp = s.indexOf(' ', a);
		if (sp >= 0 && sp < (first < 0 ? b : first)) a = sp + 1;
	}
	if (b < s.length) {
		const sp = s.lastIndexOf(' ', b);
		if (sp > a) b = sp;
	}
	const segs = highlight(s.slice(a, b), set);
	if (a > 0) segs.unshift({ text: '…', hit: false });
	if (b < s.length) segs.push({ text: '…', hit: false });
	return segs;
}
