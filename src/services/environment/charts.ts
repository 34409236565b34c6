import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { TechnicalEnvironment } from '../../domain/environment/summary.js';

/**
 * Charts of the technical environment summary, specified in Vega-Lite, rendered to SVG by Vega without a
 * browser (renderer 'none'), then rasterised to PNG by resvg with the embedded Noto Sans (so labels render
 * the same on every machine): the technical health gauge, and API calls over 30 days with the daily limit
 * and, on a second axis, the error rate. Vega is loaded on first use (it is large, and only exports need it).
 */

const require = createRequire(import.meta.url);
const FONT = require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf');
const CONFIG = { font: 'Noto Sans', background: 'white', view: { stroke: null } };

type Spec = Record<string, unknown>;

/**
 * Vega and Vega-Lite, imported once and shared: one after the other, and never twice at the same time
 * (Jest's ESM loader fails when the same large module graph is linked concurrently). A cached library, not
 * a connection.
 */
let libraries: Promise<[typeof import('vega'), typeof import('vega-lite')]> | null = null;
const loadVega = () => {
  libraries ??= (async () => {
    const vega = await import('vega');
    return [vega, await import('vega-lite')];
  })();
  return libraries;
};

/** A Vega-Lite spec as SVG (Vega's headless renderer). */
export async function vegaLiteSvg(spec: Spec): Promise<string> {
  const [vega, vl] = await loadVega();
  const compiled = vl.compile({ config: CONFIG, ...spec } as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG → PNG at `scale` (2 = sharp on high-density screens and in print). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: [FONT, FONT_BOLD], loadSystemFonts: false, defaultFontFamily: 'Noto Sans' },
  });
  return Buffer.from(r.render().asPng());
}

/** The technical health score as a half-donut gauge (red < 60 ≤ amber < 80 ≤ green) with the score in the middle. */
export function gaugeSpec(score: number | null): Spec {
  const color = score === null ? '#9ca3af' : score >= 80 ? '#16a34a' : score >= 60 ? '#d97706' : '#dc2626';
  const value = score ?? 0;
  return {
    width: 240,
    height: 140,
    data: {
      values: [
        { part: 'score', v: value, order: 1 },
        { part: 'rest', v: 100 - value, order: 2 },
        { part: 'hidden', v: 100, order: 3 },
      ],
    },
    layer: [
      {
        mark: { type: 'arc', innerRadius: 70, outerRadius: 110, theta2Offset: 0 },
        encoding: {
          theta: { field: 'v', type: 'quantitative', stack: true, scale: { range: [-Math.PI / 2, (3 * Math.PI) / 2] } },
          order: { field: 'order' },
          color: {
            field: 'part',
            type: 'nominal',
            scale: { domain: ['score', 'rest', 'hidden'], range: [color, '#e5e7eb', 'rgba(0,0,0,0)'] },
            legend: null,
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 32, fontWeight: 'bold', dy: -10 },
        encoding: { text: { value: score === null ? 'n/a' : `${score}` } },
      },
      { mark: { type: 'text', fontSize: 12, dy: 18 }, encoding: { text: { value: 'technical health / 100' } } },
    ],
  };
}

/** API calls per day over the last 30 days (bars), the daily limit (rule) and the error rate (line, right axis). */
export function usageSpec(env: TechnicalEnvironment): Spec | null {
  const series = env.apiUsage.health?.series ?? [];
  if (series.length === 0) return null;
  const values = series.map((d) => ({
    date: d.date,
    calls: d.calls,
    errorRate: typeof d.errors === 'number' && d.calls > 0 ? d.errors / d.calls : null,
  }));
  const perDay = env.apiUsage.limits.find((l) => l.key === 'apiCallsPerDay')?.limit ?? null;
  const x = {
    field: 'date',
    type: 'temporal',
    timeUnit: 'utcyearmonthdate',
    title: null,
    axis: { format: '%b %d', labelAngle: -40 },
  };
  const bars = {
    mark: { type: 'bar', color: '#457b9d' },
    encoding: { x, y: { field: 'calls', type: 'quantitative', title: 'API calls per day', axis: { format: '~s' } } },
  };
  const layers: Spec[] = [bars];
  if (perDay !== null) {
    layers.push({
      data: { values: [{ limit: perDay }] },
      mark: { type: 'rule', color: '#dc2626', strokeDash: [6, 4] },
      encoding: { y: { field: 'limit', type: 'quantitative' } },
    });
  }
  const callsLayer = { layer: layers };
  const hasErrors = values.some((v) => v.errorRate !== null);
  return {
    width: 520,
    height: 220,
    title: { text: 'API usage, last 30 days', anchor: 'start' },
    data: { values },
    ...(hasErrors
      ? {
          layer: [
            callsLayer,
            {
              mark: { type: 'line', color: '#e63946', point: true },
              encoding: {
                x,
                y: { field: 'errorRate', type: 'quantitative', title: 'Error rate', axis: { format: '.1%' } },
              },
            },
          ],
          resolve: { scale: { y: 'independent' } },
        }
      : callsLayer),
  };
}

/** The PNG charts of a summary: the gauge always, API usage when a daily series exists. */
export async function environmentCharts(env: TechnicalEnvironment): Promise<{ gauge: Buffer; usage: Buffer | null }> {
  const gauge = svgToPng(await vegaLiteSvg(gaugeSpec(env.healthScore.score)));
  const spec = usageSpec(env);
  return { gauge, usage: spec ? svgToPng(await vegaLiteSvg(spec)) : null };
}
