/** Multiple comparisons. */

/** Holm's step-down adjustment of p-values (family-wise error); NaN stays NaN and is not counted. */
export function holm(pvalues: number[]): number[] {
  const idx = pvalues.map((p, i) => ({ p, i })).filter((x) => Number.isFinite(x.p)).sort((a, b) => a.p - b.p);
  const m = idx.length;
  const out = pvalues.map(() => Number.NaN);
  let running = 0;
  idx.forEach(({ p, i }, r) => {
    running = Math.max(running, Math.min(1, (m - r) * p));
    out[i] = running;
  });
  return out;
}
