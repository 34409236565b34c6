/**
 * GitHub-flavoured Markdown of the technical environment summary, for Export Tech Summary (Markdown file,
 * and the text a PDF is laid out from). Pure string building; dates are written in UTC.
 */
import type { TechnicalEnvironment } from './summary.js';

const RELEVANCE_LABEL = {
  integrated: 'Integrated',
  potential_integration: 'Potential integration',
  not_yet_integrated: 'Not yet integrated',
  same_as_ours: 'Same as ours',
} as const;

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const text = (s: string) => s.replace(/([\\`*_[\]<>#])/g, '\\$1');
const pct = (f: number | null) => (f === null ? 'not reported' : `${Math.round(f * 1000) / 10}%`);
const num = (n: number | null | undefined) =>
  n === null || n === undefined ? 'not reported' : n.toLocaleString('en-US');
const day = (at: number | null | undefined) => (at ? new Date(at).toISOString().slice(0, 16).replace('T', ' ') : '—');

function table(headers: string[], rows: string[][]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/**
 * The summary as Markdown: title, score and components, environment and compliance, integrations (with
 * what needs attention), API usage and health, endpoints, security checklist, tech stack, opportunities,
 * issues, recommendations, contacts and what is not reported. Customer-supplied text is escaped.
 * @example renderEnvironmentMarkdown(env).split('\n')[0] // '# Technical environment — Acme Corp'
 */
export function renderEnvironmentMarkdown(env: TechnicalEnvironment): string {
  const h = env.healthScore;
  const c = h.components;
  const show = (v: number | null) => (v === null ? 'not reported' : `${v}/100`);
  const lines = [
    `# Technical environment — ${text(env.customer.name)}`,
    '',
    `Generated ${day(env.generatedAt)} UTC`,
    '',
    `**Technical health score:** ${show(h.score)} (${h.rating.replace('_', ' ')})`,
    '',
    ...table(
      ['Component', 'Score'],
      [
        ['Integrations', show(c.integrations)],
        ['API usage', show(c.apiUsage)],
        ['Security', show(c.security)],
      ],
    ),
    '',
    '## Environment and compliance',
    '',
    ...table(
      ['Item', 'Value'],
      [
        ['Deployment', env.environment.deploymentType ?? 'not reported'],
        ['Data residency', env.environment.dataResidency ?? 'not reported'],
        ['Backup region', env.environment.backupRegion ?? 'not reported'],
        ['DPA signed', env.compliance.dpaSignedAt ?? 'not reported'],
        ...env.compliance.items.map((i) => [i.label, i.status?.replace('_', ' ') ?? 'not reported']),
      ],
    ),
    '',
    ...integrationLines(env),
    ...usageLines(env),
    ...securityLines(env),
    ...stackLines(env),
    ...listLines(env),
  ];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function integrationLines(env: TechnicalEnvironment): string[] {
  const out = ['## Integrations', ''];
  if (!env.integrations.reported) return [...out, 'Not reported.', ''];
  if (env.integrations.items.length === 0) return [...out, 'No integrations connected.', ''];
  out.push(
    ...table(
      ['Integration', 'Type', 'Status', 'Last sync', 'Direction'],
      env.integrations.items.map((i) => [i.name, i.type, i.status, day(i.lastSuccessfulSync), i.direction ?? '—']),
    ),
    '',
  );
  for (const i of env.integrations.items.filter((x) => x.attention)) {
    const a = i.attention as NonNullable<typeof i.attention>;
    out.push(
      `- **${text(i.name)}** — ${text(a.issue)}${a.error ? `: ${text(a.error)}` : ''}${a.endpoint ? ` (\`${a.endpoint.replace(/`/g, "'")}\`)` : ''}. ${text(a.recommendedAction)}.`,
    );
  }
  return [...out, ''];
}

function usageLines(env: TechnicalEnvironment): string[] {
  const u = env.apiUsage;
  const out = ['## API usage', ''];
  out.push(
    ...table(
      ['Limit', 'Used', 'Limit', '% used'],
      u.limits.map((l) => [l.label, num(l.used), num(l.limit), pct(l.fraction)]),
    ),
    '',
  );
  const p = u.projection;
  if (p) {
    out.push(
      `Month-end projection: ${num(p.projectedCalls)} calls (${pct(p.projectedFraction)} of the limit, ${p.method === 'daily_series' ? 'from the daily series' : 'from the month so far'}).` +
        (p.warning ? ` **Warning:** the limit is reached on ${p.crossesOn}, before the month ends.` : ''),
      '',
    );
  }
  const hl = u.health;
  if (hl) {
    const mark = (m: boolean | null) => (m === null ? 'not reported' : m ? 'met' : 'missed');
    out.push(
      `API health over ${hl.days} days (${num(hl.totalCalls)} calls):`,
      '',
      ...table(
        ['Measure', 'Value', 'Benchmark', 'Result'],
        [
          ['Error rate', pct(hl.errorRate.value), hl.errorRate.benchmark, mark(hl.errorRate.met)],
          ['Rate-limit hits', num(hl.rateLimitHits.value), hl.rateLimitHits.benchmark, mark(hl.rateLimitHits.met)],
          [
            'Mean response',
            hl.responseMs.value === null ? 'not reported' : `${Math.round(hl.responseMs.value)} ms`,
            hl.responseMs.benchmark,
            mark(hl.responseMs.met),
          ],
        ],
      ),
      '',
    );
  }
  if (u.topEndpoints.length > 0) {
    out.push(
      'Most used endpoints:',
      '',
      ...table(
        ['Endpoint', 'Calls', 'Share'],
        u.topEndpoints.map((e) => [e.endpoint, num(e.calls), pct(e.share)]),
      ),
      '',
    );
  }
  return out;
}

function securityLines(env: TechnicalEnvironment): string[] {
  const s = env.security.score;
  return [
    '## Security',
    '',
    `Security score: ${s.score === null ? 'not reported' : `${s.score}/100 (${s.rating}), over ${s.assessedWeight}% of the checklist`}`,
    '',
    ...table(
      ['Check', 'Weight', 'Points', 'Configuration'],
      s.checks.map((c) => [c.label, String(c.weight), c.earned === null ? '—' : String(c.earned), c.detail]),
    ),
    '',
  ];
}

function stackLines(env: TechnicalEnvironment): string[] {
  const t = env.techStack;
  const out = ['## Tech stack', ''];
  if (!t.reported) out.push('Not reported.', '');
  else if (t.entries.length === 0) out.push('No technologies listed.', '');
  else
    out.push(
      ...table(
        ['Category', 'Technology', 'Relevance', 'Source'],
        t.entries.map((e) => [e.category, e.technology, RELEVANCE_LABEL[e.relevance], e.source]),
      ),
      '',
    );
  if (t.opportunities.length > 0) {
    out.push(
      '### Integration opportunities',
      '',
      ...t.opportunities.map((o, i) => `${i + 1}. **${text(o.displayName)}** — ${text(o.reason)}`),
      '',
    );
  }
  return out;
}

function listLines(env: TechnicalEnvironment): string[] {
  const out = ['## Active issues', ''];
  if (env.issues.length === 0) out.push('None open.');
  else
    out.push(
      ...env.issues.map(
        (i) =>
          `- **${i.severity}** ${text(i.title)}${i.integration ? ` (${text(i.integration)})` : ''} — open since ${day(i.openedAt)}`,
      ),
    );
  out.push('', '## Recommendations', '');
  if (env.recommendations.length === 0) out.push('None.');
  else
    out.push(
      ...env.recommendations.map(
        (r, i) => `${i + 1}. **${r.priority}** · ${r.area.replace('_', ' ')} — ${text(r.text)}`,
      ),
    );
  out.push('', '## Technical contacts', '');
  if (env.contacts.list.length === 0) out.push('Not reported.');
  else
    out.push(
      ...table(
        ['Name', 'Role', 'Email', 'Technical level', 'Primary'],
        env.contacts.list.map((p) => [
          p.name,
          p.role ?? '—',
          p.email ?? '—',
          p.technicalLevel ?? '—',
          p.primary ? 'yes' : '',
        ]),
      ),
    );
  if (env.notReported.length > 0) {
    out.push('', '## Not reported', '', ...env.notReported.map((n) => `- ${text(n.what)} — ${text(n.howToProvide)}`));
  }
  return out;
}
