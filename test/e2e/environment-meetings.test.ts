import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { useAlertApp } from '../support/alert-events.js';

// Auto-surface before technical meetings, through the Google Calendar stand-in: a CSM's meeting in the next
// hour with a customer's technical contact (or a technical title naming the customer) gets the customer's
// summary by DM, once; other meetings, and meetings further away, get nothing.
const CSM = 'U0CSMMEET1';
const CSM_EMAIL = 'casey.meetings@vendor.example';
const app = useAlertApp({ csm: CSM, tz: 'UTC' });
const meetings = () => app.h.app.services.environment.meetings;
const summariesTo = (name: string) =>
  app.h.slack
    .calls('chat.postMessage')
    .filter((c) => c.body.channel === CSM && JSON.stringify(c.body.blocks).includes(`Technical environment — ${name}`));

function meeting(summary: string, inMinutes: number, attendees: string[] = []) {
  const id = `ev${randomUUID().replace(/-/g, '')}`;
  const start = new Date(Date.now() + inMinutes * 60_000).toISOString();
  const end = new Date(Date.now() + (inMinutes + 30) * 60_000).toISOString();
  app.google.events().set(id, {
    id,
    calendarId: CSM_EMAIL,
    summary,
    status: 'confirmed',
    start: { dateTime: start },
    end: { dateTime: end },
    attendees: attendees.map((email) => ({ email })),
  });
  return id;
}

describe('meeting auto-surface', () => {
  it("when a meeting with the customer's technical contact starts within the hour, then the CSM gets the summary once", async () => {
    app.h.slack.addUser({ id: CSM, email: CSM_EMAIL, tz: 'UTC' });
    const c = await newCustomerWithContact();
    meeting('Quarterly sync', 40, [c.contact, CSM_EMAIL]);
    await Promise.all([meetings().run(), meetings().run()]);
    await meetings().run();
    const dms = summariesTo(c.name);
    expect(dms).toHaveLength(1);
    expect(String(dms[0].body.text)).toContain('Your meeting "Quarterly sync" starts at');
    expect(app.google.calls('calendar.events.list').length).toBeGreaterThan(0);
  });

  it('when a meeting has "architecture" and the customer in its title, then it is surfaced too; a lunch and a meeting in three hours are not', async () => {
    app.h.slack.addUser({ id: CSM, email: CSM_EMAIL, tz: 'UTC' });
    const c = await newCustomerWithContact();
    const other = await newCustomerWithContact();
    meeting(`Architecture review with ${c.name}`, 50);
    meeting(`Lunch with ${other.name}`, 30);
    meeting('Integration deep dive', 180, [other.contact]);
    await meetings().run();
    expect(summariesTo(c.name)).toHaveLength(1);
    expect(summariesTo(other.name)).toHaveLength(0);
  });
});

async function newCustomerWithContact() {
  const c = await app.events.newCustomer({ csm: CSM });
  const doc = await app.db.conn.collection('customers').findOne({ externalId: c.externalId });
  return { ...c, contact: String(doc?.technicalContacts[0].email) };
}
