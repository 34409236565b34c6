/** Trend between two reports of the same customer: score delta and the biggest contributors in plain English. */
import type { ComponentKey, HealthReport, IntegrationReport } from '../report/types.js';

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

function componentScore(ir: IntegrationReport, key: ComponentKey): number | null {
  return ir.components.find((c) => c.key === key)?.score ?? null;
}

/** What moved most inside one integration, as a phrase ("Webhook (Events) delivery fell from 99.1% to 92.1%"). */
function describe(prev: IntegrationReport, cur: IntegrationReport): string {
  const keys: ComponentKey[] = ['api_success', 'latency', 'error_trend', 'webhook', 'auth'];
  let bestKey: ComponentKey | null = null;
  let bestDelta = 0;
  for (const k of keys) {
    const a = componentScore(prev, k);
    const b = componentScore(cur, k);
    if (a === null || b === null) continue;
    if (Math.abs(b - a) > Math.abs(bestDelta)) {
      bestDelta = b - a;
      bestKey = k;
    }
  }
  const verb = (up: boolean): string => (up ? 'rose' : 'fell');
  switch (bestKey) {
    case 'webhook':
      if (prev.webhook && cur.webhook)
        return `${cur.name} delivery ${verb(cur.webhook.successRate > prev.webhook.successRate)} from ${pct(prev.webhook.successRate)} to ${pct(cur.webhook.successRate)}`;
      break;
    case 'latency':
      if (prev.latency.p95 !== null && cur.latency.p95 !== null)
        return `${cur.name} P95 latency ${verb(cur.latency.p95 > prev.latency.p95)} from ${Math.round(prev.latency.p95)} ms to ${Math.round(cur.latency.p95)} ms`;
      break;
    case 'auth':
      return `${cur.name} authentication failures ${bestDelta < 0 ? 'increased' : 'decreased'}`;
    case 'error_trend':
      return `${cur.name} error rate ${bestDelta < 0 ? 'started rising' : 'stopped rising'}`;
    default:
      break;
  }
  return `${cur.name} success rate ${verb(cur.successRate > prev.successRate)} from ${pct(prev.successRate)} to ${pct(cur.successRate)}`;
}

/**
 * Trend vs the previous report of the same customer: delta = current.score − previous.score and an
 * explanation naming up to two integrations whose score change moved the overall most (change × the
 * integration's traffic share), e.g. "−8 since the last report, mostly because Webhook (Events) delivery
 * fell from 99.1% to 92.1%". New and vanished integrations are named when they are the biggest movers.
 */
export function compareReports(previous: HealthReport, current: HealthReport): NonNullable<HealthReport['trend']> {
  const delta = current.score - previous.score;
  const sign = delta > 0 ? `+${delta}` : delta < 0 ? `−${-delta}` : '±0';
  const prevBy = new Map(previous.integrations.map((i) => [i.name, i]));
  const total = current.integrations.reduce((s, i) => s + Math.sqrt(i.requests), 0) || 1;
  const movers: { text: string; impact: number }[] = [];
  for (const cur of current.integrations) {
    const prev = prevBy.get(cur.name);
    const share = Math.sqrt(cur.requests) / total;
    if (!prev) {
      movers.push({ text: `${cur.name} was added (score ${cur.score})`, impact: (cur.score - previous.score) * share });
      continue;
    }
    const d = cur.score - prev.score;
    if (d !== 0) movers.push({ text: describe(prev, cur), impact: d * share });
  }
  for (const prev of previous.integrations)
    if (!current.integrations.some((c) => c.name === prev.name))
      movers.push({ text: `${prev.name} no longer appears in the data`, impact: 0.001 });
  // Prefer movers pushing in the same direction as the overall change.
  const aligned = movers.filter((m) =>
    delta === 0 ? true : Math.sign(m.impact) === Math.sign(delta) || m.impact === 0.001,
  );
  aligned.sort((a, b) => Math.abs(b.impact) - Math.abs(a.impact));
  const top = aligned.slice(0, 2).map((m) => m.text);
  const explanation =
    top.length === 0
      ? `${sign} since the last report; no integration changed materially`
      : `${sign} since the last report, ${delta === 0 ? 'with changes in' : 'mostly because'} ${top.join(' and ')}`;
  return { previousScore: previous.score, previousGeneratedAt: previous.generatedAt, delta, explanation };
}
