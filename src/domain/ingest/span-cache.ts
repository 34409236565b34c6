/**
 * A bounded map from a span of bytes to a value, looked up without making a string: exports repeat a
 * few customer, integration, method and endpoint values millions of times, so each distinct span is
 * decoded and converted once and afterwards found by hashing and comparing its bytes.
 */

/** Distinct spans kept; a full cache is cleared (like associate.ts CACHE_LIMIT) rather than evicted one by one. */
const LIMIT = 10_000;
/** Longer spans are not kept (they are rarely repeated, and would bloat the key store). */
const MAX_KEY = 512;

export class SpanCache<V> {
  private mask = 255;
  /** Per slot: key offset + 1 in `keys` (0 = empty), key length, hash. */
  private offs = new Int32Array(256);
  private lens = new Int32Array(256);
  private hashes = new Int32Array(256);
  private vals: (V | undefined)[] = new Array(256);
  private keys = new Uint8Array(16_384);
  private used = 0;
  private size = 0;
  /** Slot and hash of the last miss, where `set` stores. */
  private slot = -1;
  private hash = 0;

  /** The value stored for the bytes b[s, e), or undefined (then `set` may store one for the same span). */
  get(b: Uint8Array, s: number, e: number): V | undefined {
    const len = e - s;
    // FNV-1a over the length and at most the first and last 8 bytes: enough to spread real values
    // (ids sit at the ends of paths), and every hit is confirmed byte by byte anyway.
    let h = 0x811c9dc5 ^ len;
    if (len <= 16) for (let i = s; i < e; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    else {
      for (let i = s; i < s + 8; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
      for (let i = e - 8; i < e; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    }
    const mask = this.mask;
    let k = h & mask;
    for (;;) {
      const off = this.offs[k] as number;
      if (off === 0) break;
      if (this.hashes[k] === h && this.lens[k] === len && this.same(off - 1, b, s, len)) return this.vals[k];
      k = (k + 1) & mask;
    }
    this.slot = len > MAX_KEY ? -1 : k;
    this.hash = h;
    return undefined;
  }

  /** Stores `v` for the span of the last missed `get` and returns it. */
  set(b: Uint8Array, s: number, e: number, v: V): V {
    if (this.slot < 0) return v;
    if (this.size >= LIMIT) {
      this.clear();
      this.get(b, s, e);
    } else if ((this.size + 1) * 2 > this.mask + 1) {
      this.grow();
      this.get(b, s, e);
    }
    const len = e - s;
    if (this.used + len > this.keys.length) {
      const next = new Uint8Array(Math.max(this.keys.length * 2, this.used + len));
      next.set(this.keys.subarray(0, this.used));
      this.keys = next;
    }
    this.keys.set(b.subarray(s, e), this.used);
    const k = this.slot;
    this.offs[k] = this.used + 1;
    this.lens[k] = len;
    this.hashes[k] = this.hash;
    this.vals[k] = v;
    this.used += len;
    this.size++;
    return v;
  }

  private same(off: number, b: Uint8Array, s: number, len: number): boolean {
    const keys = this.keys;
    for (let i = 0; i < len; i++) if (keys[off + i] !== b[s + i]) return false;
    return true;
  }

  private clear(): void {
    this.offs.fill(0);
    this.vals.fill(undefined);
    this.used = 0;
    this.size = 0;
  }

  private grow(): void {
    const { offs, lens, hashes, vals } = this;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.offs = new Int32Array(cap);
    this.lens = new Int32Array(cap);
    this.hashes = new Int32Array(cap);
    this.vals = new Array(cap);
    for (let j = 0; j < offs.length; j++) {
      if (offs[j] === 0) continue;
      let k = (hashes[j] as number) & this.mask;
      while (this.offs[k] !== 0) k = (k + 1) & this.mask;
      this.offs[k] = offs[j] as number;
      this.lens[k] = lens[j] as number;
      this.hashes[k] = hashes[j] as number;
      this.vals[k] = vals[j];
    }
  }
}
