import { describe, expect, it } from '@jest/globals';
import { buildTechnicalEnvironment } from '../../../../src/domain/environment/summary.js';
import { environmentCharts, gaugeSpec, svgToPng, vegaLiteSvg } from '../../../../src/services/environment/charts.js';
import { CATALOG } from '../../domain/environment/fixtures.js';

// The environment charts through Vega-Lite → Vega SVG → resvg PNG, with no browser.
const NOW = Date.parse('2026-04-16T12:00:00Z');
const daily = Array.from({ length: 30 }, (_, i) => ({
  date: new Date(NOW - (29 - i) * 86_400_000).toISOString().slice(0, 10),
  calls: 30_000 + i * 1000,
  errors: i % 7 === 0 ? 900 : 120,
}));

describe('environment charts', () => {
  it('when the score is 48, then the gauge SVG shows 48 and its label, and rasterises to a PNG', async () => {
    const svg = await vegaLiteSvg(gaugeSpec(48));
    expect(svg).toContain('>48<');
    expect(svg).toContain('technical health / 100');
    const png = svgToPng(svg);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('when 30 days of usage are known, then the usage chart has an axis title on both sides and the daily limit', async () => {
    const env = buildTechnicalEnvironment(
      {
        customer: { id: 'c', name: 'Acme' },
        environment: { limits: { apiCallsPerDay: 50_000 } },
        daily,
        catalog: CATALOG,
      },
      NOW,
    );
    const { gauge, usage } = await environmentCharts(env);
    expect(gauge.length).toBeGreaterThan(1000);
    expect(usage?.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
