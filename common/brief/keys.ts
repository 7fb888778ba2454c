// The unique key of a mart, derived from its model contract (models/marts/<name>.yml) — never
// copied: a fact cites «this column of the row where key = …», so the key must be the one the
// build tests. The contract is passed in parsed (the pipelines read the YAML; the page gets the
// keys the site build derived, pipelines/brief/keys.ts), so this file runs in both places.

/** The part of a model contract the key comes from (pipelines/models/contract.ts has the whole). */
export interface ContractLike {
  columns: Record<string, { tests?: readonly unknown[] }>;
  tests?: readonly unknown[];
}

/**
 * The key: the smallest set of columns the contract declares unique — a column test `unique`
 * is a set of one, a table test `unique: [a, b]` a set of several; among sets of the same size
 * the first in the contract (columns in order, then table tests). Throws when the contract
 * declares none: such a mart's rows cannot be cited.
 */
export function keyOf(mart: string, contract: ContractLike): string[] {
  const sets: string[][] = [];
  for (const [col, c] of Object.entries(contract.columns)) if (c.tests?.includes('unique')) sets.push([col]);
  for (const t of contract.tests ?? []) {
    if (t && typeof t === 'object' && 'unique' in t && Array.isArray((t as { unique: unknown }).unique)) sets.push([...(t as { unique: string[] }).unique]);
  }
  let best: string[] | undefined;
  for (const s of sets) if (!best || s.length < best.length) best = s;
  if (!best) throw new Error(`Витрина marts.${mart}: в контракте нет проверки unique — справка не может сослаться на её строки`);
  for (const c of best) if (!(c in contract.columns)) throw new Error(`Витрина marts.${mart}: столбца ${c} ключа нет среди столбцов контракта`);
  return best;
}

/** The keys of the given marts from their contracts (a mart without a contract is an error). */
export function keysOf(marts: readonly string[], contracts: Record<string, ContractLike | undefined>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of marts) {
    const c = contracts[m];
    if (!c) throw new Error(`Витрина marts.${m}: контракт не найден`);
    out[m] = keyOf(m, c);
  }
  return out;
}
