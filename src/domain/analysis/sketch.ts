/**
 * A DDSketch-style quantile sketch (logarithmic buckets, relative accuracy 1%) kept as a dense
 * Float64Array while accumulating and as sparse [bucket, count] pairs in the serialised state, so
 * states stay structured-clone-able without protobuf. Same mapping as DDSketch's LogarithmicMapping:
 * bucket i covers (γ^(i-1), γ^i], γ = (1+α)/(1-α); the estimate 2γ^i/(γ+1) is within α of any value in it.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Values below this (ms) count as zero; above MAX they clamp into the last bucket. */
const MIN_VALUE = 1e-3;
const OFFSET = Math.ceil(Math.log(MIN_VALUE) / LOG_GAMMA); // negative
const BUCKETS = Math.ceil(Math.log(1e9) / LOG_GAMMA) - OFFSET + 1;

export interface SketchState {
  zero: number;
  count: number;
  /** Flat pairs: bucket index, count, bucket index, count, … */
  bins: number[];
}

export class Sketch {
  /** Dense counts for bucket indices lo … lo + bins.length − 1; grown on demand (values seldom span > 8 decades). */
  private bins = new Float64Array(0);
  private lo = 0;
  zero = 0;
  count = 0;

  accept(v: number): void {
    this.count++;
    if (!(v > MIN_VALUE)) {
      this.zero++;
      return;
    }
    let i = Math.ceil(Math.log(v) / LOG_GAMMA) - OFFSET;
    if (i >= BUCKETS) i = BUCKETS - 1;
    const j = i - this.lo;
    if (j >= 0 && j < this.bins.length) {
      this.bins[j]++;
      return;
    }
    this.grow(i);
    this.bins[i - this.lo]++;
  }

  private grow(i: number): void {
    const SLACK = 64;
    if (this.bins.length === 0) {
      this.lo = Math.max(0, i - SLACK);
      this.bins = new Float64Array(Math.min(BUCKETS, i + SLACK + 1) - this.lo);
      return;
    }
    const lo = Math.max(0, Math.min(this.lo, i - SLACK));
    const hi = Math.min(BUCKETS, Math.max(this.lo + this.bins.length, i + SLACK + 1));
    const next = new Float64Array(hi - lo);
    next.set(this.bins, this.lo - lo);
    this.bins = next;
    this.lo = lo;
  }

  state(): SketchState {
    const bins: number[] = [];
    for (let j = 0; j < this.bins.length; j++) if (this.bins[j] !== 0) bins.push(j + this.lo, this.bins[j] as number);
    return { zero: this.zero, count: this.count, bins };
  }
}

export function emptySketchState(): SketchState {
  return { zero: 0, count: 0, bins: [] };
}

export function mergeSketchStates(a: SketchState, b: SketchState): SketchState {
  const m = new Map<number, number>();
  for (const s of [a, b])
    for (let i = 0; i < s.bins.length; i += 2)
      m.set(s.bins[i] as number, (m.get(s.bins[i] as number) ?? 0) + (s.bins[i + 1] as number));
  const bins: number[] = [];
  for (const k of [...m.keys()].sort((x, y) => x - y)) bins.push(k, m.get(k) as number);
  return { zero: a.zero + b.zero, count: a.count + b.count, bins };
}

/** Value at quantile q (0–1) with ≤1% relative error, using the lower rank ⌊q·(n−1)⌋ like DDSketch; null when empty. */
export function sketchQuantile(s: SketchState, q: number): number | null {
  if (s.count === 0) return null;
  const rank = Math.floor(q * (s.count - 1));
  if (rank < s.zero) return 0;
  let seen = s.zero;
  for (let i = 0; i < s.bins.length; i += 2) {
    seen += s.bins[i + 1] as number;
    if (seen > rank) return (2 * GAMMA ** ((s.bins[i] as number) + OFFSET)) / (GAMMA + 1);
  }
  const last = s.bins[s.bins.length - 2] as number;
  return (2 * GAMMA ** (last + OFFSET)) / (GAMMA + 1);
}
