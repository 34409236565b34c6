/**
 * Distinct counting of user ids per integration, in bounded memory and mergeable across worker threads:
 * exact (one 53-bit hash per id, with the last UTC day it was seen) up to {@link EXACT_LIMIT} distinct ids,
 * then a HyperLogLog sketch (2^14 registers, standard error 1.04/√16384 ≈ 0.8 %) read with Ertl's improved
 * estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which needs no
 * bias tables and is accurate from 0 up. The sketch keeps one register array per day for the last
 * {@link RECENT_DAYS} days up to the latest day seen, so "users in the last 7 days" survives the switch.
 *
 * The result depends only on the set of (id, day) pairs, never on their order or on how they were split
 * between accumulators: exact iff the union has ≤ EXACT_LIMIT ids, registers are maxima.
 */

/** Distinct ids counted exactly per integration; one more switches to the sketch. */
export const EXACT_LIMIT = 4096;
/** HyperLogLog precision: 2^14 one-byte registers (16 KiB) per sketch. */
export const HLL_P = 14;
const M = 1 << HLL_P;
/** Hash bits after the register index (32 − p from the high lane, 21 from the low lane). */
const Q = 32 - HLL_P + 21;
const LOW_BITS = 2 ** 21;
/** Days a sketch keeps per-day registers for: the window of `activeUsersLast7Days`. */
export const RECENT_DAYS = 7;

/** Plain, structured-clone-able state of one distinct counter (posted back by worker threads). */
export interface DistinctState {
  /** Exact mode: flat [hash, lastDay, hash, lastDay, …] (lastDay −1: seen only without a timestamp); null once a sketch. */
  exact: number[] | null;
  /** Sketch mode: the registers over every id; null in exact mode. */
  registers: Uint8Array | null;
  /** Sketch mode: UTC day index → registers of the ids seen that day, for the RECENT_DAYS days up to `maxDay`. */
  recent: Record<string, Uint8Array>;
  /** Latest UTC day index (floor(ms / 86,400,000)) an id was seen on; −1 when none had a timestamp. */
  maxDay: number;
}

function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 53-bit hash of a string (a safe integer): two FNV-1a lanes over the UTF-16 code units, each finished
 * with MurmurHash3's avalanche mix. Collisions among 4,096 ids are ~1e-9 likely.
 * @example hashId('u-1') === hashId('u-1') // true; hashId('u-1') !== hashId('u-2')
 */
export function hashId(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  const hi = fmix32(a ^ s.length);
  const lo = fmix32(b ^ hi);
  return hi * LOW_BITS + (lo >>> 11);
}

/** Adds a 53-bit hash to HyperLogLog registers: top p bits pick the register, the rank of the rest is its value. */
function insert(reg: Uint8Array, h: number): void {
  const hi = Math.floor(h / LOW_BITS);
  const lo = h - hi * LOW_BITS;
  const idx = hi >>> (32 - HLL_P);
  const rest = (hi << HLL_P) >>> 0;
  const rank = rest !== 0 ? Math.clz32(rest) + 1 : lo !== 0 ? 32 - HLL_P + Math.clz32(lo) - 10 : Q + 1;
  if (rank > (reg[idx] as number)) reg[idx] = rank;
}

function sigma(x0: number): number {
  if (x0 === 1) return Number.POSITIVE_INFINITY;
  let x = x0;
  let y = 1;
  let z = x;
  let prev: number;
  do {
    x *= x;
    prev = z;
    z += x * y;
    y += y;
  } while (z !== prev);
  return z;
}

function tau(x0: number): number {
  if (x0 === 0 || x0 === 1) return 0;
  let x = x0;
  let y = 1;
  let z = 1 - x;
  let prev: number;
  do {
    x = Math.sqrt(x);
    prev = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
  } while (z !== prev);
  return z / 3;
}

/**
 * Cardinality estimate of HyperLogLog registers (Ertl 2017, improved raw estimator), rounded.
 * @example estimateRegisters(new Uint8Array(1 << 14)) // 0
 */
export function estimateRegisters(reg: Uint8Array): number {
  const counts = new Array<number>(Q + 2).fill(0);
  for (let i = 0; i < reg.length; i++) counts[reg[i] as number]++;
  let z = M * tau(1 - (counts[Q + 1] as number) / M);
  for (let k = Q; k >= 1; k--) z = 0.5 * (z + (counts[k] as number));
  z += M * sigma((counts[0] as number) / M);
  return Math.round((M * M) / (2 * Math.LN2) / z);
}

function maxInto(into: Uint8Array, from: Uint8Array): void {
  for (let i = 0; i < M; i++) if ((from[i] as number) > (into[i] as number)) into[i] = from[i] as number;
}

/**
 * One integration's distinct-user counter. `add(id, day)` per record with a user id (day −1 without a
 * timestamp); `state()` for the report or a merge. Memory: ≤ 4,096 map entries, then ≤ 8 × 16 KiB.
 */
export class DistinctCounter {
  private exact: Map<number, number> | null = new Map();
  private registers: Uint8Array | null = null;
  private recent = new Map<number, Uint8Array>();
  private maxDay = -1;
  /** The last day's registers: rows come mostly in time order, so one Map lookup per day, not per row. */
  private lastDay = -1;
  private lastReg: Uint8Array | null = null;

  add(id: string, day: number): void {
    const h = hashId(id);
    const exact = this.exact;
    if (exact !== null) {
      const last = exact.get(h);
      if (last === undefined) {
        if (exact.size < EXACT_LIMIT) {
          exact.set(h, day);
          if (day > this.maxDay) this.maxDay = day;
          return;
        }
        this.toSketch();
      } else {
        if (day > last) exact.set(h, day);
        if (day > this.maxDay) this.maxDay = day;
        return;
      }
    }
    insert(this.registers as Uint8Array, h);
    this.addRecent(h, day);
  }

  private addRecent(h: number, day: number): void {
    if (day === this.lastDay && this.lastReg !== null) {
      insert(this.lastReg, h);
      return;
    }
    if (day < 0) return;
    if (day > this.maxDay) {
      this.maxDay = day;
      for (const d of this.recent.keys()) if (d <= day - RECENT_DAYS) this.recent.delete(d);
      if (this.lastDay <= day - RECENT_DAYS) this.lastReg = null;
    }
    if (day <= this.maxDay - RECENT_DAYS) return;
    let reg = this.recent.get(day);
    if (reg === undefined) {
      reg = new Uint8Array(M);
      this.recent.set(day, reg);
    }
    this.lastDay = day;
    this.lastReg = reg;
    insert(reg, h);
  }

  private toSketch(): void {
    const exact = this.exact as Map<number, number>;
    this.exact = null;
    this.registers = new Uint8Array(M);
    for (const [h, day] of exact) {
      insert(this.registers, h);
      this.addRecent(h, day);
    }
  }

  state(): DistinctState {
    const exact = this.exact;
    const flat: number[] | null = exact === null ? null : [];
    if (exact !== null) for (const [h, day] of exact) flat?.push(h, day);
    return {
      exact: flat,
      registers: this.registers === null ? null : this.registers.slice(),
      recent: Object.fromEntries([...this.recent].map(([d, r]) => [String(d), r.slice()])),
      maxDay: this.maxDay,
    };
  }
}

/** Sketch-mode copy of a state (exact ids inserted into fresh registers). */
function asSketch(s: DistinctState): { registers: Uint8Array; recent: Map<number, Uint8Array>; maxDay: number } {
  const recent = new Map<number, Uint8Array>();
  for (const [d, r] of Object.entries(s.recent)) recent.set(Number(d), r.slice());
  if (s.registers !== null) return { registers: s.registers.slice(), recent, maxDay: s.maxDay };
  const registers = new Uint8Array(M);
  const flat = s.exact ?? [];
  for (let i = 0; i < flat.length; i += 2) {
    const h = flat[i] as number;
    const day = flat[i + 1] as number;
    insert(registers, h);
    if (day > s.maxDay - RECENT_DAYS) {
      let reg = recent.get(day);
      if (reg === undefined) {
        reg = new Uint8Array(M);
        recent.set(day, reg);
      }
      insert(reg, h);
    }
  }
  return { registers, recent, maxDay: s.maxDay };
}

/**
 * The counter of the union of two counters' ids: exact while the union holds ≤ EXACT_LIMIT ids, else a
 * sketch with register maxima and the per-day registers of the later window. Commutative and associative.
 */
export function mergeDistinct(a: DistinctState, b: DistinctState): DistinctState {
  const maxDay = Math.max(a.maxDay, b.maxDay);
  if (a.exact !== null && b.exact !== null) {
    const union = new Map<number, number>();
    for (const flat of [a.exact, b.exact]) {
      for (let i = 0; i < flat.length; i += 2) {
        const h = flat[i] as number;
        const day = flat[i + 1] as number;
        const prev = union.get(h);
        if (prev === undefined || day > prev) union.set(h, day);
      }
    }
    if (union.size <= EXACT_LIMIT) {
      const exact: number[] = [];
      for (const [h, day] of union) exact.push(h, day);
      return { exact, registers: null, recent: {}, maxDay };
    }
  }
  const x = asSketch(a);
  const y = asSketch(b);
  maxInto(x.registers, y.registers);
  const recent: Record<string, Uint8Array> = {};
  for (const side of [x.recent, y.recent]) {
    for (const [d, reg] of side) {
      if (d <= maxDay - RECENT_DAYS) continue;
      const into = recent[String(d)];
      if (into === undefined) recent[String(d)] = reg;
      else maxInto(into, reg);
    }
  }
  return { exact: null, registers: x.registers, recent, maxDay };
}

/**
 * Distinct ids counted: exact in exact mode, else the sketch's estimate (±0.8 % standard error).
 * @example const c = new DistinctCounter(); c.add('u1', 0); c.add('u1', 1); countDistinct(c.state()) // 1
 */
export function countDistinct(s: DistinctState): number {
  if (s.exact !== null) return s.exact.length / 2;
  return estimateRegisters(s.registers as Uint8Array);
}

/**
 * Distinct ids seen on a UTC day ≥ `fromDay` (e.g. the last 7 days of a report's period), never more
 * than {@link countDistinct}. Exact in exact mode; in sketch mode `fromDay` must lie within the RECENT_DAYS
 * days up to the counter's `maxDay` or later (earlier days are no longer kept and count as empty).
 * @example countDistinctSince(state, endDay - 6)
 */
export function countDistinctSince(s: DistinctState, fromDay: number): number {
  if (s.exact !== null) {
    let n = 0;
    for (let i = 1; i < s.exact.length; i += 2) if ((s.exact[i] as number) >= fromDay) n++;
    return n;
  }
  const union = new Uint8Array(M);
  for (const [d, reg] of Object.entries(s.recent)) if (Number(d) >= fromDay) maxInto(union, reg);
  return Math.min(estimateRegisters(union), countDistinct(s));
}
