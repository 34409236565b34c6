import { writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { renderReportChartPng, renderReportChartSvg } from '../../../../src/services/reports/chart.js';
import { buildIntegration, buildReport } from '../../../support/report-builder.js';

const report = buildReport({
  customer: 'Acme & Co',
  integrations: [
    buildIntegration({
      name: 'Salesforce',
      weeklyErrorRate: [
        { weekStart: '2026-01-05', requests: 1000, errors: 10, rate: 0.01 },
        { weekStart: '2026-01-12', requests: 1000, errors: 80, rate: 0.08 },
      ],
      latency: { p50: 300, p95: 1400, p99: 2000, slaMs: 1000, samples: 2000 },
    }),
    buildIntegration({ name: 'Slack', latency: { p50: 100, p95: 200, p99: 300, slaMs: 500, samples: 100 } }),
  ],
});

describe('report chart', () => {
  it('when rendered, then the SVG names each integration, escapes the customer, and marks a p95 over SLA red', async () => {
    const svg = await renderReportChartSvg(report);
    expect(svg).toContain('Acme &amp; Co');
    expect(svg).toContain('>Salesforce<');
    expect(svg).toContain('>Slack<');
    expect(svg).toContain('fill="#e63946"');
  });

  it('when rendered, then the latency axis has a title and values, and each bar its value in ms', async () => {
    const svg = await renderReportChartSvg(report);
    expect(svg).toContain('p95 latency (ms)');
    expect(svg).toContain('>1,400 ms<');
    expect(svg).toContain('>Error rate<');
  });

  it('when rasterised, then the bytes are a PNG', async () => {
    const png = await renderReportChartPng(report);
    if (process.env.CHART_OUT) writeFileSync(process.env.CHART_OUT, png);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
