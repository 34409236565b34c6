import type { HealthReport } from '../../domain/report/types.js';
import { svgToPng, vegaLiteSvg } from '../environment/charts.js';

/**
 * The report's PNG chart, specified in Vega-Lite and rendered without a browser (Vega's SVG renderer, then
 * resvg with the embedded Noto Sans): error rate per integration by week (lines, legend below in columns so
 * entries never overlap) and p95 latency against the SLA per integration (bars red when over the SLA, the
 * SLA as a tick, the value above each bar, a labelled ms axis). Integrations beyond the first eight (worst
 * scores) are left out.
 */

const MAX_SERIES = 8;
const COLORS = ['#e63946', '#457b9d', '#2a9d8f', '#f4a261', '#6d597a', '#264653', '#e76f51', '#8ab17d'];

/** The chart's Vega-Lite specification. */
export function reportChartSpec(report: HealthReport): Record<string, unknown> {
  const integrations = [...report.integrations].sort((a, b) => a.score - b.score).slice(0, MAX_SERIES);
  const names = integrations.map((i) => i.name);
  const weekly = integrations.flatMap((i) =>
    i.weeklyErrorRate.map((w) => ({ integration: i.name, week: w.weekStart, rate: w.rate })),
  );
  const latency = integrations.map((i) => ({
    integration: i.name,
    p95: i.latency.p95,
    sla: i.latency.slaMs,
    over: i.latency.p95 !== null && i.latency.p95 > i.latency.slaMs,
    label: i.latency.p95 === null ? 'n/a' : `${Math.round(i.latency.p95).toLocaleString('en-US')} ms`,
  }));
  const name = { field: 'integration', type: 'nominal', title: null, sort: names };
  const weeks = [...new Set(weekly.map((w) => w.week))].sort().map((w) => Date.parse(`${w}T00:00:00Z`));
  return {
    title: {
      text: `Technical health: ${report.customer ?? 'unknown customer'} (score ${report.score})`,
      anchor: 'start',
      fontSize: 18,
    },
    // Each panel keeps its own colours and legend (integrations on the left, over/under SLA on the right).
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    hconcat: [
      {
        width: 480,
        height: 300,
        title: { text: 'Error rate per integration, by week', anchor: 'start' },
        data: { values: weekly },
        mark: { type: 'line', point: true, strokeWidth: 2.5 },
        encoding: {
          x: {
            field: 'week',
            type: 'temporal',
            timeUnit: 'utcyearmonthdate',
            title: 'Week of',
            axis: { format: '%b %d' },
          },
          y: { field: 'rate', type: 'quantitative', title: 'Error rate', axis: { format: '.1%' } },
          color: {
            ...name,
            scale: { domain: names, range: COLORS },
            legend: { orient: 'bottom', columns: 4, labelLimit: 220, symbolType: 'square' },
          },
        },
      },
      {
        width: 480,
        height: 300,
        title: {
          text: 'p95 latency vs SLA',
          subtitle: 'bars: p95, red when over the SLA · dark line: the SLA',
          anchor: 'start',
        },
        data: { values: latency },
        encoding: { x: { ...name, axis: { labelAngle: -30, labelLimit: 160 } } },
        layer: [
          {
            mark: { type: 'bar', width: { band: 0.6 } },
            encoding: {
              y: { field: 'p95', type: 'quantitative', title: 'p95 latency (ms)', axis: { format: ',d' } },
              color: {
                field: 'over',
                type: 'nominal',
                scale: { domain: [true, false], range: ['#e63946', '#2a9d8f'] },
                legend: null,
              },
            },
          },
          {
            mark: { type: 'tick', color: '#1d3557', thickness: 3, bandSize: 40 },
            encoding: { y: { field: 'sla', type: 'quantitative' } },
          },
          {
            mark: { type: 'text', dy: -8, fontSize: 11 },
            encoding: { y: { field: 'p95', type: 'quantitative' }, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
}

/** The chart as SVG. */
export function renderReportChartSvg(report: HealthReport): Promise<string> {
  return vegaLiteSvg(reportChartSpec(report));
}

/** The chart as PNG bytes. */
export async function renderReportChartPng(report: HealthReport): Promise<Buffer> {
  return svgToPng(await renderReportChartSvg(report), 1.5);
}
