import { describe, expect, it } from '@jest/globals';
import { mergeSketchStates, Sketch, sketchQuantile } from '../../../../src/domain/analysis/sketch.js';
import { rng } from './gen.js';

describe('latency sketch', () => {
  it('when values span 0 to 10^8 ms in random order, then quantiles stay within 1% of the exact ones', () => {
    const rand = rng(7);
    const values = Array.from({ length: 5000 }, () => (rand() < 0.05 ? 0 : 10 ** (rand() * 12 - 4)));
    const sk = new Sketch();
    for (const v of values) sk.accept(v);
    values.sort((a, b) => a - b);
    for (const q of [0, 0.01, 0.25, 0.5, 0.75, 0.95, 0.99, 1]) {
      const exact = values[Math.floor(q * (values.length - 1))] as number;
      const got = sketchQuantile(sk.state(), q) as number;
      if (exact <= 1e-3) expect(got).toBe(0);
      else expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(0.0101);
    }
  });

  it('when two sketches are merged, then the result equals one sketch over both inputs', () => {
    const a = new Sketch();
    const b = new Sketch();
    const all = new Sketch();
    for (let i = 1; i <= 1000; i++) {
      (i % 2 ? a : b).accept(i * 3.7);
      all.accept(i * 3.7);
    }
    expect(mergeSketchStates(a.state(), b.state())).toEqual(all.state());
  });

  it('when empty, then every quantile is null', () => {
    expect(sketchQuantile(new Sketch().state(), 0.5)).toBeNull();
  });
});
