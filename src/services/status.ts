/**
 * The bot's own dependencies, checked in parallel with a timeout each (GET /api/integrations/status and
 * the home tab): Slack (auth.test), MongoDB (ping), Google (credentials present → token refresh), the
 * job scheduler (running, overdue jobs).
 *
 * The answer has the spec's shape: `integrations` keyed by dependency, each `{ status, message, healthy,
 * details }` (details carry `latency_ms` and what the check found), `overall_status` and `last_checked`.
 *
 * overall_status: `healthy` when nothing is in error (not_configured is a choice, not a fault);
 * `partial` when a dependency the bot cannot work without (Slack, MongoDB) is in error; `degraded` when
 * only an optional one (Google, the scheduler) is.
 */

export type DependencyState = 'connected' | 'not_configured' | 'error';
export type OverallStatus = 'healthy' | 'degraded' | 'partial';

export interface DependencyResult {
  status: DependencyState;
  message: string;
  /** True when the dependency answered and works (`connected`). */
  healthy: boolean;
  /** `latency_ms` of the check, and what the check found (ids, counts). */
  details: { latency_ms: number } & Record<string, unknown>;
}

export interface DependencyCheck {
  name: string;
  /** True for Slack and MongoDB: their failure makes the bot only partly usable. */
  essential: boolean;
  run(): Promise<{ status: DependencyState; message: string; details?: Record<string, unknown> }>;
}

export interface StatusReport {
  integrations: Record<string, DependencyResult>;
  overall_status: OverallStatus;
  last_checked: string;
}

const result = (
  r: { status: DependencyState; message: string; details?: Record<string, unknown> },
  started: number,
): DependencyResult => ({
  status: r.status,
  message: r.message,
  healthy: r.status === 'connected',
  details: { ...r.details, latency_ms: Math.round(performance.now() - started) },
});

export async function checkStatus(
  checks: DependencyCheck[],
  opts: { timeoutMs?: number; now?: () => Date } = {},
): Promise<StatusReport> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const results = await Promise.all(
    checks.map(async (c) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const r = await Promise.race([
          c.run(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [c, result(r, started)] as const;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return [c, result({ status: 'error', message }, started)] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const errors = results.filter(([, r]) => r.status === 'error');
  const overall: OverallStatus =
    errors.length === 0 ? 'healthy' : errors.some(([c]) => c.essential) ? 'partial' : 'degraded';
  return {
    integrations: Object.fromEntries(results.map(([c, r]) => [c.name, r])),
    overall_status: overall,
    last_checked: (opts.now?.() ?? new Date()).toISOString(),
  };
}

/**
 * The same report in the IETF health-check draft's form (draft-inadarei-api-health-check,
 * `application/health+json`): status pass/warn/fail, checks keyed `<component>:<measurement>`.
 */
export function toHealthJson(report: StatusReport): Record<string, unknown> {
  const status = { healthy: 'pass', degraded: 'warn', partial: 'fail' }[report.overall_status];
  const checks: Record<string, unknown[]> = {};
  for (const [name, r] of Object.entries(report.integrations)) {
    checks[`${name}:${name === 'scheduler' ? 'jobs' : 'connection'}`] = [
      {
        componentId: name,
        componentType: name === 'mongodb' ? 'datastore' : name === 'scheduler' ? 'component' : 'system',
        status: r.status === 'error' ? 'fail' : 'pass',
        observedValue: r.details.latency_ms,
        observedUnit: 'ms',
        output: r.status === 'connected' ? undefined : `${r.status}: ${r.message}`,
        time: report.last_checked,
      },
    ];
  }
  return {
    status,
    serviceId: 'techhealth',
    description: 'TechHealth Slack app dependencies',
    checks,
  };
}
