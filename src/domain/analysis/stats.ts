/** Small, dependency-free statistics used by the detectors (documented in docs/scoring.md). */

/** Standard normal upper-tail probability P(Z > z) (Abramowitz–Stegun 26.2.17, |error| < 7.5e-8). */
export function normalUpperTail(z: number): number {
  if (z < 0) return 1 - normalUpperTail(-z);
  const t = 1 / (1 + 0.2316419 * z);
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  return d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
}

/**
 * One-sided two-proportion z-test that rate2 = x2/n2 is greater than rate1 = x1/n1 (pooled variance).
 * Returns the p-value (1 when either sample is empty or there is no variance).
 */
export function twoProportionP(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return 1;
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  return normalUpperTail((x2 / n2 - x1 / n1) / se);
}

function binLL(x: number, n: number): number {
  if (n === 0 || x === 0 || x === n) return 0;
  const p = x / n;
  return x * Math.log(p) + (n - x) * Math.log(1 - p);
}

export interface ChangePoint {
  /** Index of the first element of the "after" segment. */
  index: number;
  beforeX: number;
  beforeN: number;
  afterX: number;
  afterN: number;
  /** Bonferroni-adjusted one-sided p-value (raw z-test p × number of candidate splits). */
  pValue: number;
}

/**
 * Single change point in a binomial series (x[i] failures out of n[i] requests per day): the split that
 * maximises the likelihood ratio of "two rates" over "one rate", then a one-sided two-proportion z-test
 * (after > before) between the segments, Bonferroni-adjusted for the number of splits tried.
 * Null when fewer than 2 points.
 */
export function binomialChangePoint(x: number[], n: number[]): ChangePoint | null {
  const len = x.length;
  if (len < 2) return null;
  let totX = 0;
  let totN = 0;
  for (let i = 0; i < len; i++) {
    totX += x[i] as number;
    totN += n[i] as number;
  }
  const ll0 = binLL(totX, totN);
  let best = -1;
  let bestGain = -Infinity;
  let bx = 0;
  let bn = 0;
  let cx = 0;
  let cn = 0;
  for (let k = 1; k < len; k++) {
    cx += x[k - 1] as number;
    cn += n[k - 1] as number;
    const ax = totX - cx;
    const an = totN - cn;
    if (an === 0 || cn === 0) continue;
    if (ax / an <= cx / cn) continue; // only rises matter
    const gain = binLL(cx, cn) + binLL(ax, an) - ll0;
    if (gain > bestGain) {
      bestGain = gain;
      best = k;
      bx = cx;
      bn = cn;
    }
  }
  if (best < 0) return null;
  const afterX = totX - bx;
  const afterN = totN - bn;
  const p = Math.min(1, twoProportionP(bx, bn, afterX, afterN) * (len - 1));
  return { index: best, beforeX: bx, beforeN: bn, afterX, afterN, pValue: p };
}

export interface MannKendall {
  s: number;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
}

/** Mann–Kendall trend test (no tie correction in the variance; ties contribute 0 to S). */
export function mannKendall(y: number[]): MannKendall {
  const n = y.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign((y[j] as number) - (y[i] as number));
  const v = (n * (n - 1) * (2 * n + 5)) / 18;
  if (n < 3 || v === 0) return { s, z: 0, pValue: 1 };
  const z = s > 0 ? (s - 1) / Math.sqrt(v) : s < 0 ? (s + 1) / Math.sqrt(v) : 0;
  return { s, z, pValue: Math.min(1, 2 * normalUpperTail(Math.abs(z))) };
}

/** Theil–Sen slope: the median of pairwise slopes (y[j]−y[i])/(x[j]−x[i]); 0 for fewer than 2 points. */
export function theilSen(x: number[], y: number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < x.length - 1; i++)
    for (let j = i + 1; j < x.length; j++) {
      const dx = (x[j] as number) - (x[i] as number);
      if (dx !== 0) slopes.push(((y[j] as number) - (y[i] as number)) / dx);
    }
  if (slopes.length === 0) return 0;
  slopes.sort((a, b) => a - b);
  const m = slopes.length >> 1;
  return slopes.length % 2 ? (slopes[m] as number) : ((slopes[m - 1] as number) + (slopes[m] as number)) / 2;
}

/** Piecewise-linear interpolation through points sorted by x; clamps outside. */
export function piecewise(x: number, pts: [number, number][]): number {
  const first = pts[0] as [number, number];
  const last = pts[pts.length - 1] as [number, number];
  if (x <= first[0]) return first[1];
  if (x >= last[0]) return last[1];
  for (let i = 1; i < pts.length; i++) {
    const [x1, y1] = pts[i] as [number, number];
    const [x0, y0] = pts[i - 1] as [number, number];
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return last[1];
}

/**
 * Chernoff upper bound on the binomial upper tail P(X ≥ x) for X ~ Bin(n, p): exp(−n·KL(x/n ‖ p)), with
 * KL the Bernoulli Kullback–Leibler divergence. Never below the exact tail, so tests built on it stay
 * conservative for small counts where the normal approximation is not. 1 when x/n ≤ p.
 * Example: binomialTailBound(10, 20, 0.01) ≈ 1.9e-15.
 */
export function binomialTailBound(x: number, n: number, p: number): number {
  return Math.exp(binomialLogTailBound(x, n, p));
}

/** Natural log of `binomialTailBound` (−n·KL), which does not underflow for strong evidence. */
export function binomialLogTailBound(x: number, n: number, p: number): number {
  if (n <= 0 || x <= 0) return 0;
  const q = x / n;
  if (q <= p) return 0;
  if (p <= 0) return -Infinity;
  const kl = (q === 1 ? 0 : (1 - q) * Math.log((1 - q) / (1 - p))) + q * Math.log(q / p);
  return -n * kl;
}
