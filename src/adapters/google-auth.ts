import { readFile } from 'node:fs/promises';
import { JWT, OAuth2Client } from 'google-auth-library';
import type { GoogleConfig } from '../config.js';

/**
 * Google credentials for Calendar (and Gmail later), built from config:
 * - `oauth`: a mailbox's OAuth grant (client id/secret + refresh token); access tokens come from
 *   `config.tokenUrl` (Google's token endpoint unless redirected for tests);
 * - `service_account`: a JSON key with domain-wide delegation acting as `config.impersonate`. gtoken has
 *   Google's token URL built in, so a request interceptor on the client's transporter redirects it.
 * Returns null when nothing is configured; `describeGoogleSetup` says what to set.
 */

export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/gmail.send',
  // Searching the sender's mail for an earlier attempt before a retry (gmail.metadata does not allow `q`).
  'https://www.googleapis.com/auth/gmail.readonly',
];

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export type GoogleAuth = OAuth2Client;

export async function createGoogleAuth(config: GoogleConfig): Promise<GoogleAuth | null> {
  if (config.mode === 'oauth' && config.clientId && config.clientSecret && config.refreshToken) {
    const client = new OAuth2Client({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      endpoints: { oauth2TokenUrl: config.tokenUrl },
    });
    client.setCredentials({ refresh_token: config.refreshToken });
    return client;
  }
  if (config.mode === 'service_account' && config.credentialsFile) {
    const key = JSON.parse(await readFile(config.credentialsFile, 'utf8')) as {
      client_email?: string;
      private_key?: string;
    };
    if (!key.client_email || !key.private_key) {
      throw new Error(
        `GOOGLE_APPLICATION_CREDENTIALS (${config.credentialsFile}) is not a service-account key: client_email or private_key missing`,
      );
    }
    const jwt = new JWT({
      email: key.client_email,
      key: key.private_key,
      scopes: GOOGLE_SCOPES,
      subject: config.impersonate ?? undefined,
    });
    if (config.tokenUrl !== GOOGLE_TOKEN_URL) {
      jwt.transporter.interceptors.request.add({
        resolved: async (opts) => {
          if (String(opts.url) === GOOGLE_TOKEN_URL) opts.url = new URL(config.tokenUrl);
          return opts;
        },
      });
    }
    return jwt;
  }
  return null;
}

/** What the CSM (or admin) must set for Google features, for the "not configured" answer. */
export function describeGoogleSetup(): string {
  return [
    'Google Calendar is not connected, so TechHealth cannot schedule calls yet. Ask your TechHealth admin to set either:',
    '• `GOOGLE_CLIENT_ID`, `GOOGLE_CLIENT_SECRET` and `GOOGLE_REFRESH_TOKEN` (an OAuth grant of the mailbox that sends invitations), or',
    '• `GOOGLE_APPLICATION_CREDENTIALS` (a service-account key with domain-wide delegation) and `GOOGLE_IMPERSONATE` (the Workspace user it acts as),',
    'then restart the app.',
  ].join('\n');
}
