import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { addMinutesLocal, createCalendarService, eventIdFor } from '../../../src/adapters/calendar.js';
import { createGoogleAuth } from '../../../src/adapters/google-auth.js';
import { loadConfig } from '../../../src/config.js';
import { type GoogleApiStandIn, startGoogleApi } from '../../support/google-api.js';

// The real googleapis / google-auth-library clients against the Google stand-in (no MongoDB needed).
let google: GoogleApiStandIn;
beforeAll(async () => {
  google = await startGoogleApi();
});
afterAll(async () => {
  await google.close();
});
beforeEach(() => google.reset());

const call = (key: string) => ({
  idempotencyKey: key,
  summary: 'Technical review: Acme',
  description: '1. Rate limits',
  date: '2099-01-31',
  time: '23:30',
  durationMinutes: 60,
  timeZone: 'America/New_York',
  attendees: ['dana@acme.example'],
  conference: false,
});

describe('Google Calendar through googleapis', () => {
  it('when a service account is configured, then its JWT grant goes to the redirected token URL with the impersonated subject and the event is created', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = mkdtempSync(join(tmpdir(), 'th-sa-'));
    const file = join(dir, 'sa.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'service_account',
        client_email: 'techhealth@project.iam.gserviceaccount.com',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      }),
    );
    const config = loadConfig({
      GOOGLE_APPLICATION_CREDENTIALS: file,
      GOOGLE_IMPERSONATE: 'csm@vendor.example',
      GOOGLE_API_ROOT_URL: google.rootUrl,
      GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
    });
    const auth = await createGoogleAuth(config.google);
    expect(auth).not.toBeNull();
    const calendar = createCalendarService({
      auth: auth as NonNullable<typeof auth>,
      rootUrl: config.google.apiRootUrl,
    });
    const result = await calendar.scheduleCall(call('view:V1'));
    expect(result).toMatchObject({ created: true, eventId: eventIdFor('view:V1'), end: '2099-02-01T00:30:00' });
    const [token] = google.calls('token');
    const form = token.body as Record<string, string>;
    expect(form.grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const claims = JSON.parse(Buffer.from(form.assertion.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ iss: 'techhealth@project.iam.gserviceaccount.com', sub: 'csm@vendor.example' });
    expect(claims.scope).toContain('https://www.googleapis.com/auth/calendar.events');
  });

  it('when the same idempotency key is scheduled twice, then Calendar keeps one event and the second call returns it as not created', async () => {
    const config = loadConfig(google.env());
    const auth = await createGoogleAuth(config.google);
    const calendar = createCalendarService({
      auth: auth as NonNullable<typeof auth>,
      rootUrl: config.google.apiRootUrl,
    });
    const first = await calendar.scheduleCall(call('view:V2'));
    const second = await calendar.scheduleCall(call('view:V2'));
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.eventId).toBe(first.eventId);
    expect(google.events().size).toBe(1);
    expect(google.calls('calendar.events.insert')[0].query).toMatchObject({ sendUpdates: 'all' });
  });

  it('when no Google variables are set, then there are no credentials', async () => {
    expect(await createGoogleAuth(loadConfig({}).google)).toBeNull();
  });
});

describe('calendar helpers', () => {
  it('when a call crosses midnight, then the end is the next day in wall-clock time', () => {
    expect(addMinutesLocal('2026-12-31', '23:30', 45)).toBe('2027-01-01T00:15:00');
  });

  it('when ids are derived, then they are valid Calendar ids (base32hex, 5–1024) and stable per key', () => {
    expect(eventIdFor('view:V1')).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(eventIdFor('view:V1')).toBe(eventIdFor('view:V1'));
    expect(eventIdFor('view:V1')).not.toBe(eventIdFor('view:V2'));
  });
});
