// Reading a page query (Evidence 39 QueryStore) or a plain array in our components.
//
// An Evidence page query (```sql name```) reaches a component as a Query proxy: a Svelte store
// whose value is the same proxy, array-like once loaded. During prerender (SSR) it runs
// synchronously in Node, so the first callback already has the rows; in the browser the page
// starts with the rows prerendered at build time, and queries that depend on inputs load
// asynchronously and publish again. `watchData` turns both into one state object:
//   { status: 'loading' | 'ready' | 'empty' | 'error', rows: object[], columns: string[], error? }
// and `dataStore` wraps it in a Svelte store, so that a component needs one line and no clean-up:
//   $: state = dataStore(data);   …   {#if $state.status === 'ready'} … $state.rows …

import { readable } from 'svelte/store';

const noop = () => {};

/** Duck-typed check for an Evidence Query (avoids importing @evidence-dev/sdk here). */
export function isQuery(d) {
	return !!d && typeof d === 'object' && typeof d.subscribe === 'function' && 'dataLoaded' in d;
}

function columnsOf(rows, described) {
	if (Array.isArray(described) && described.length) return described.map((c) => c.column_name);
	return rows.length ? Object.keys(rows[0]) : [];
}

function arrayState(rows) {
	return { status: rows.length ? 'ready' : 'empty', rows, columns: columnsOf(rows) };
}

function queryState(q) {
	if (q.error) return { status: 'error', rows: [], columns: [], error: q.error.message ?? String(q.error) };
	if (!q.dataLoaded) return { status: 'loading', rows: [], columns: [] };
	const rows = Array.from(q);
	return { status: rows.length ? 'ready' : 'empty', rows, columns: columnsOf(rows, q.columns) };
}

/**
 * Calls `cb(state)` now and whenever the data changes; returns an unsubscribe function.
 * Components use `dataStore` (below), which calls this while someone subscribes.
 */
export function watchData(data, cb) {
	if (data === undefined || data === null) {
		cb({ status: 'empty', rows: [], columns: [], missing: true });
		return noop;
	}
	// before Array.isArray: a Query is a Proxy over an array, and Array.isArray sees through proxies
	if (isQuery(data)) {
		// Ask the query to load (like core-components' QueryLoad); sync in SSR, a promise in the browser.
		try {
			const p = data.fetch?.();
			if (p && typeof p.catch === 'function') p.catch(noop);
		} catch {
			/* the error is published through the store */
		}
		return data.subscribe((v) => cb(queryState(v ?? data)));
	}
	if (Array.isArray(data)) {
		cb(arrayState(data));
		return noop;
	}
	if (typeof data === 'object' && typeof data[Symbol.iterator] === 'function') {
		cb(arrayState(Array.from(data)));
		return noop;
	}
	cb({ status: 'error', rows: [], columns: [], error: 'data: ожидается запрос или массив строк' });
	return noop;
}

export const LOADING = Object.freeze({ status: 'loading', rows: [], columns: [] });

/**
 * The state of `data` (see watchData) as a readable Svelte store. In a component:
 *   $: state = dataStore(data);
 * and read `$state`: Svelte subscribes, re-subscribes when `data` changes and unsubscribes when
 * the component is destroyed. During prerender the first value already holds the rows.
 */
export function dataStore(data) {
	return readable(LOADING, (set) => watchData(data, set));
}

/** A boolean prop that may arrive as a string from Markdown (`horizontal=false`). */
export function flag(v, fallback = false) {
	if (v === undefined || v === null) return fallback;
	if (typeof v === 'string') return !['false', '0', 'no', 'нет', ''].includes(v.trim().toLowerCase());
	return !!v;
}

/** A numeric prop that may arrive as a string from Markdown (`rows=10`). */
export function num(v, fallback) {
	const n = typeof v === 'number' ? v : Number(String(v ?? '').replace(',', '.'));
	return v === undefined || v === null || v === '' || !Number.isFinite(n) ? fallback : n;
}

/**
 * A URL from a template and a row: '/regions/[region_code]/' (or '{region_code}' when given from
 * JavaScript — in Markdown braces would be read as a Svelte expression). Values are URL-encoded.
 * A function (row) => url is also accepted.
 */
export function fillLink(template, row) {
	if (!template) return undefined;
	if (typeof template === 'function') return template(row);
	return String(template).replace(/\[(\w+)\]|\{(\w+)\}/g, (_, a, b) => encodeURIComponent(row[a ?? b] ?? ''));
}
