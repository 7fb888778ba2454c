/**
 * Small dense linear algebra for the effect estimators: X'X, a Cholesky
 * inverse that drops aliased columns, matrix products, and ordinary least
 * squares with the cluster-robust sandwich. Matrices are arrays of rows.
 * Tested against cases solved by hand in tests/unit/did-linalg.test.ts.
 */

export type Matrix = number[][];

/** X'X and X'y. */
export function crossprod(X: Matrix, y?: number[]): { xtx: Matrix; xty: number[] } {
  const k = X[0]?.length ?? 0;
  const xtx: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (let r = 0; r < X.length; r++) {
    const row = X[r]!;
    for (let i = 0; i < k; i++) {
      const xi = row[i]!;
      if (xi === 0) continue;
      if (y) xty[i]! += xi * y[r]!;
      for (let j = i; j < k; j++) xtx[i]![j]! += xi * row[j]!;
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) xtx[i]![j] = xtx[j]![i]!;
  return { xtx, xty };
}

/**
 * Cholesky factorisation of a symmetric positive semi-definite matrix, taking
 * columns in order and dropping a column that is (numerically) a linear
 * combination of the ones kept before it. Returns the kept columns and the
 * inverse of the kept sub-matrix.
 */
export function invertSymmetric(A: Matrix, tol = 1e-10): { kept: number[]; inverse: Matrix } {
  const n = A.length;
  const kept: number[] = [];
  const L: Matrix = [];
  for (let j = 0; j < n; j++) {
    const m = kept.length;
    // forward substitution: L · l = A[kept][j]
    const l = new Array<number>(m).fill(0);
    for (let i = 0; i < m; i++) {
      let s = A[kept[i]!]![j]!;
      for (let p = 0; p < i; p++) s -= L[i]![p]! * l[p]!;
      l[i] = s / L[i]![i]!;
    }
    const v = A[j]![j]! - l.reduce((a, x) => a + x * x, 0);
    if (!(v > tol * Math.max(Math.abs(A[j]![j]!), 1e-300))) continue;
    L.push([...l, Math.sqrt(v)]);
    kept.push(j);
  }
  const m = kept.length;
  // L⁻¹ by forward substitution, then (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹
  const Li: Matrix = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let c = 0; c < m; c++) {
    for (let i = c; i < m; i++) {
      let s = i === c ? 1 : 0;
      for (let p = c; p < i; p++) s -= L[i]![p]! * Li[p]![c]!;
      Li[i]![c] = s / L[i]![i]!;
    }
  }
  const inverse: Matrix = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let s = 0;
      for (let p = j; p < m; p++) s += Li[p]![i]! * Li[p]![j]!;
      inverse[i]![j] = s;
      inverse[j]![i] = s;
    }
  }
  return { kept, inverse };
}

export function matmul(A: Matrix, B: Matrix): Matrix {
  const n = A.length;
  const m = B[0]?.length ?? 0;
  const q = B.length;
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++) for (let p = 0; p < q; p++) {
    const a = A[i]![p]!;
    if (a === 0) continue;
    for (let j = 0; j < m; j++) out[i]![j]! += a * B[p]![j]!;
  }
  return out;
}

export interface OlsResult {
  /** Coefficients by column of X (NaN for a dropped, aliased column). */
  beta: number[];
  /** Cluster-robust covariance (CR1) over all columns (NaN rows/columns for dropped ones). */
  vcov: Matrix;
  residuals: number[];
  /** Columns dropped as linear combinations of earlier ones. */
  dropped: number[];
  n: number;
  /** Columns kept (rank of X). */
  k: number;
  clusters: number;
}

/**
 * Ordinary least squares with a cluster-robust sandwich:
 *   V = c · (X'X)⁻¹ (Σ_g X_g' u_g u_g' X_g) (X'X)⁻¹,  c = G/(G − 1) · (N − 1)/(N − K)
 * (the small-sample factor Stata uses for `vce(cluster)`).
 */
export function olsCluster(X: Matrix, y: number[], cluster: (string | number)[]): OlsResult {
  const n = X.length;
  const p = X[0]?.length ?? 0;
  const { xtx, xty } = crossprod(X, y);
  const { kept, inverse } = invertSymmetric(xtx);
  const k = kept.length;
  const bk = kept.map((_, i) => kept.reduce((s, c, j) => s + inverse[i]![j]! * xty[c]!, 0));
  const beta = new Array<number>(p).fill(Number.NaN);
  kept.forEach((c, i) => (beta[c] = bk[i]!));
  const residuals = X.map((row, r) => y[r]! - kept.reduce((s, c, i) => s + row[c]! * bk[i]!, 0));
  // meat: Σ_g s_g s_g', s_g = Σ_{r in g} x_r u_r (kept columns)
  const scores = new Map<string | number, number[]>();
  for (let r = 0; r < n; r++) {
    let s = scores.get(cluster[r]!);
    if (!s) scores.set(cluster[r]!, (s = new Array<number>(k).fill(0)));
    const u = residuals[r]!;
    kept.forEach((c, i) => (s![i]! += X[r]![c]! * u));
  }
  const G = scores.size;
  const meat: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const s of scores.values()) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) meat[i]![j]! += s[i]! * s[j]!;
  const c = G > 1 && n > k ? (G / (G - 1)) * ((n - 1) / (n - k)) : Number.NaN;
  const half = matmul(inverse, meat);
  const vk = matmul(half, inverse);
  const vcov: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(Number.NaN));
  kept.forEach((ci, i) => kept.forEach((cj, j) => (vcov[ci]![cj] = c * vk[i]![j]!)));
  return { beta, vcov, residuals, dropped: [...Array(p).keys()].filter((i) => !kept.includes(i)), n, k, clusters: G };
}
