import type { Agenda } from 'agenda';
import { createGoogleAuth } from '../adapters/google-auth.js';
import type { GoogleConfig } from '../config.js';
import type { Database } from '../db/database.js';
import type { SlackGateway } from '../slack/gateway.js';
import type { DependencyCheck } from './status.js';

/** A due job not picked up for this long counts as overdue (the poll interval is 2 s). */
const OVERDUE_AFTER_MS = 60_000;

/** The four dependency checks of the status endpoint, over the app's real clients. */
export function createStatusChecks(deps: {
  slack: SlackGateway | null;
  db: Database;
  google: GoogleConfig;
  agenda: Agenda;
  schedulerRunning: () => boolean;
}): DependencyCheck[] {
  return [
    {
      name: 'slack',
      essential: true,
      async run() {
        if (!deps.slack) return { status: 'not_configured', message: 'set SLACK_BOT_TOKEN' };
        const r = await deps.slack.whoAmI();
        return {
          status: 'connected',
          message: `authenticated as ${r.user ?? r.userId} in ${r.team ?? r.teamId}`,
          details: { team_id: r.teamId, bot_user_id: r.userId },
        };
      },
    },
    {
      name: 'mongodb',
      essential: true,
      async run() {
        await deps.db.ping();
        return { status: 'connected', message: 'ping answered' };
      },
    },
    {
      name: 'google',
      essential: false,
      async run() {
        if (!deps.google.mode) {
          return {
            status: 'not_configured',
            message:
              'set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_REFRESH_TOKEN, or GOOGLE_APPLICATION_CREDENTIALS',
          };
        }
        const auth = await createGoogleAuth(deps.google);
        if (!auth) return { status: 'not_configured', message: 'Google credentials are incomplete' };
        // A token refresh is the lightest call that proves the credentials work.
        const token = await auth.getAccessToken();
        if (!token.token) throw new Error('Google issued no access token');
        return { status: 'connected', message: `access token obtained (${deps.google.mode})` };
      },
    },
    {
      name: 'scheduler',
      essential: false,
      async run() {
        if (!deps.schedulerRunning()) throw new Error('the job scheduler is not running');
        const queued = await deps.agenda.queryJobs({ state: 'queued' });
        const cutoff = Date.now() - OVERDUE_AFTER_MS;
        const overdue = queued.jobs.filter((j) => j.nextRunAt && new Date(j.nextRunAt).getTime() < cutoff).length;
        const running = (await deps.agenda.queryJobs({ state: 'running' })).total;
        if (overdue > 0) throw new Error(`${overdue} job(s) overdue by more than ${OVERDUE_AFTER_MS / 1000} s`);
        return {
          status: 'connected',
          message: `running; ${running} job(s) running, none overdue`,
          details: { running, overdue },
        };
      },
    },
  ];
}
