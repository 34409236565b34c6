import { Resvg } from '@resvg/resvg-js';
import type { HealthReport } from '../../domain/report/types.js';

/**
 * The report's PNG chart: error rate per integration by week (lines, left) and p95 latency against the
 * SLA per integration (bars with an SLA tick, right). Drawn as SVG and rasterised by resvg (prebuilt
 * binaries from npm, no native build). Integrations beyond the first eight (worst scores) are left out.
 */

const W = 1200;
const H = 520;
const PAD = 60;
const PANEL_W = (W - PAD * 3) / 2;
const PANEL_H = H - PAD * 2 - 40;
const MAX_SERIES = 8;
const COLORS = ['#e63946', '#457b9d', '#2a9d8f', '#f4a261', '#6d597a', '#264653', '#e76f51', '#8ab17d'];

export function renderReportChartSvg(report: HealthReport): string {
  const integrations = [...report.integrations].sort((a, b) => a.score - b.score).slice(0, MAX_SERIES);
  const weeks = [...new Set(integrations.flatMap((i) => i.weeklyErrorRate.map((w) => w.weekStart)))].sort();
  const maxRate = Math.max(0.01, ...integrations.flatMap((i) => i.weeklyErrorRate.map((w) => w.rate)));
  const parts: string[] = [];
  const title = `Technical health: ${report.customer ?? 'unknown customer'} (score ${report.score})`;
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(text(PAD, 30, title, 20, 'start', 'bold'));

  // Left: weekly error rate lines.
  const x0 = PAD;
  const y0 = PAD + 10;
  parts.push(text(x0, y0 - 8, 'Error rate per integration, by week', 14, 'start', 'bold'));
  parts.push(axes(x0, y0, PANEL_W, PANEL_H));
  parts.push(text(x0 - 6, y0 + 4, pct(maxRate), 11, 'end'));
  parts.push(text(x0 - 6, y0 + PANEL_H, '0%', 11, 'end'));
  const xAt = (k: number) => x0 + (weeks.length <= 1 ? PANEL_W / 2 : (k / (weeks.length - 1)) * PANEL_W);
  const yAt = (rate: number) => y0 + PANEL_H - (rate / maxRate) * PANEL_H;
  weeks.forEach((w, k) => {
    if (weeks.length <= 8 || k % Math.ceil(weeks.length / 8) === 0)
      parts.push(text(xAt(k), y0 + PANEL_H + 16, w.slice(5), 10, 'middle'));
  });
  integrations.forEach((integ, s) => {
    const pts = integ.weeklyErrorRate
      .map((w) => `${xAt(weeks.indexOf(w.weekStart)).toFixed(1)},${yAt(w.rate).toFixed(1)}`)
      .join(' ');
    if (pts) parts.push(`<polyline points="${pts}" fill="none" stroke="${COLORS[s]}" stroke-width="2.5"/>`);
    parts.push(
      `<rect x="${x0 + (s % 4) * (PANEL_W / 4)}" y="${H - 38 + Math.floor(s / 4) * 16}" width="10" height="10" fill="${COLORS[s]}"/>`,
    );
    parts.push(
      text(x0 + (s % 4) * (PANEL_W / 4) + 14, H - 29 + Math.floor(s / 4) * 16, clip(integ.name, 22), 11, 'start'),
    );
  });

  // Right: p95 latency vs SLA.
  const x1 = PAD * 2 + PANEL_W;
  parts.push(text(x1, y0 - 8, 'p95 latency vs SLA (ms)', 14, 'start', 'bold'));
  parts.push(axes(x1, y0, PANEL_W, PANEL_H));
  // 12% headroom keeps the tallest bar's value label clear of the panel title.
  const maxMs = Math.max(1, ...integrations.flatMap((i) => [i.latency.p95 ?? 0, i.latency.slaMs])) * 1.12;
  const barW = PANEL_W / Math.max(1, integrations.length);
  integrations.forEach((integ, s) => {
    const p95 = integ.latency.p95 ?? 0;
    const h = (p95 / maxMs) * PANEL_H;
    const bx = x1 + s * barW + barW * 0.2;
    const over = p95 > integ.latency.slaMs;
    parts.push(
      `<rect x="${bx.toFixed(1)}" y="${(y0 + PANEL_H - h).toFixed(1)}" width="${(barW * 0.6).toFixed(1)}" height="${h.toFixed(1)}" fill="${over ? '#e63946' : '#2a9d8f'}"/>`,
    );
    const slaY = y0 + PANEL_H - (integ.latency.slaMs / maxMs) * PANEL_H;
    parts.push(
      `<line x1="${(bx - 4).toFixed(1)}" x2="${(bx + barW * 0.6 + 4).toFixed(1)}" y1="${slaY.toFixed(1)}" y2="${slaY.toFixed(1)}" stroke="#1d3557" stroke-width="2" stroke-dasharray="4 3"/>`,
    );
    parts.push(text(bx + barW * 0.3, y0 + PANEL_H + 16, clip(integ.name, 14), 10, 'middle'));
    parts.push(
      text(
        bx + barW * 0.3,
        y0 + PANEL_H - h - 4,
        integ.latency.p95 === null ? 'n/a' : String(Math.round(p95)),
        10,
        'middle',
      ),
    );
  });
  parts.push(text(x1 + PANEL_W, H - 29, 'dashed line: SLA', 11, 'end'));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`;
}

/** The chart as PNG bytes. */
export function renderReportChartPng(report: HealthReport): Buffer {
  const resvg = new Resvg(renderReportChartSvg(report), {
    font: { loadSystemFonts: true, defaultFontFamily: 'sans-serif' },
  });
  return Buffer.from(resvg.render().asPng());
}

function axes(x: number, y: number, w: number, h: number): string {
  return `<path d="M${x} ${y} V${y + h} H${x + w}" fill="none" stroke="#555" stroke-width="1"/>`;
}

function text(
  x: number,
  y: number,
  s: string,
  size: number,
  anchor: 'start' | 'middle' | 'end',
  weight = 'normal',
): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="sans-serif" font-size="${size}" font-weight="${weight}" text-anchor="${anchor}" fill="#222">${xml(s)}</text>`;
}

const pct = (r: number) => `${(r * 100).toFixed(r < 0.1 ? 1 : 0)}%`;
const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
const xml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
