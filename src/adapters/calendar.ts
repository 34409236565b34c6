import { createHash } from 'node:crypto';
// The calendar module alone: the googleapis index loads every Google API (~0.7 s at start-up).
import { calendar_v3 } from 'googleapis/build/src/apis/calendar/v3.js';
import type { GoogleAuth } from './google-auth.js';

/**
 * Google Calendar events for technical calls, through googleapis (`rootUrl` points it at a stand-in in
 * tests). Idempotent per `idempotencyKey`: the event id is derived from it, and Calendar refuses a second
 * event with the same id (409), so a repeated submission finds the first event instead of inviting twice.
 */

export interface CallRequest {
  /** e.g. the modal's view id: one event per submission. */
  idempotencyKey: string;
  summary: string;
  description: string;
  /** Local wall-clock start in `timeZone`, `YYYY-MM-DD` and `HH:MM`. */
  date: string;
  time: string;
  durationMinutes: number;
  /** IANA zone, e.g. America/New_York (the CSM's zone from Slack). */
  timeZone: string;
  attendees: string[];
  /** Ask Calendar for a Google Meet link. */
  conference: boolean;
}

export interface ScheduledCall {
  eventId: string;
  htmlLink: string | null;
  meetLink: string | null;
  start: string;
  end: string;
  timeZone: string;
  attendees: string[];
  created: boolean;
}

/** An event of someone's calendar, as the meeting auto-surface reads it. */
export interface CalendarEvent {
  id: string;
  summary: string;
  /** Start, epoch ms (all-day events are skipped). */
  start: number;
  attendees: string[];
}

export interface CalendarService {
  scheduleCall(req: CallRequest): Promise<ScheduledCall>;
  /** Timed events of `calendarId` (e.g. a CSM's e-mail) starting in [from, to), single instances, by start. */
  listEvents(calendarId: string, from: Date, to: Date): Promise<CalendarEvent[]>;
}

/** A valid Calendar event id (base32hex characters, 5–1024 long) that is the same for the same key. */
export function eventIdFor(idempotencyKey: string): string {
  return `th${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;
}

/** `2026-01-20` + `23:30` + 60 min → `2026-01-21T00:30:00` (wall-clock arithmetic; Calendar applies the zone). */
export function addMinutesLocal(date: string, time: string, minutes: number): string {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi + minutes));
  return t.toISOString().slice(0, 19);
}

export function createCalendarService(opts: {
  auth: GoogleAuth;
  rootUrl: string;
  calendarId?: string;
}): CalendarService {
  const api = new calendar_v3.Calendar({ auth: opts.auth, rootUrl: opts.rootUrl });
  const calendarId = opts.calendarId ?? 'primary';
  return {
    async listEvents(calendar, from, to) {
      const out: CalendarEvent[] = [];
      let pageToken: string | undefined;
      do {
        const res = await api.events.list({
          calendarId: calendar,
          timeMin: from.toISOString(),
          timeMax: to.toISOString(),
          singleEvents: true,
          orderBy: 'startTime',
          maxResults: 250,
          pageToken,
        });
        for (const e of res.data.items ?? []) {
          const start = e.start?.dateTime ? Date.parse(e.start.dateTime) : Number.NaN;
          if (!e.id || Number.isNaN(start) || e.status === 'cancelled') continue;
          const attendees = (e.attendees ?? []).flatMap((a) => (a.email ? [a.email.toLowerCase()] : []));
          out.push({ id: e.id, summary: e.summary ?? '', start, attendees });
        }
        pageToken = res.data.nextPageToken ?? undefined;
      } while (pageToken);
      return out;
    },
    async scheduleCall(req) {
      const id = eventIdFor(req.idempotencyKey);
      const start = `${req.date}T${req.time}:00`;
      const end = addMinutesLocal(req.date, req.time, req.durationMinutes);
      const result = (event: calendar_v3.Schema$Event, created: boolean): ScheduledCall => ({
        eventId: event.id ?? id,
        htmlLink: event.htmlLink ?? null,
        meetLink:
          event.hangoutLink ??
          event.conferenceData?.entryPoints?.find((e) => e.entryPointType === 'video')?.uri ??
          null,
        start,
        end,
        timeZone: req.timeZone,
        attendees: req.attendees,
        created,
      });
      try {
        const res = await api.events.insert({
          calendarId,
          sendUpdates: 'all',
          conferenceDataVersion: req.conference ? 1 : 0,
          requestBody: {
            id,
            summary: req.summary,
            description: req.description,
            start: { dateTime: start, timeZone: req.timeZone },
            end: { dateTime: end, timeZone: req.timeZone },
            attendees: req.attendees.map((email) => ({ email })),
            ...(req.conference
              ? {
                  conferenceData: { createRequest: { requestId: id, conferenceSolutionKey: { type: 'hangoutsMeet' } } },
                }
              : {}),
          },
        });
        return result(res.data, true);
      } catch (err) {
        // 409 duplicate: this submission's event exists already (a retry or a concurrent submission).
        if ((err as { status?: number }).status !== 409) throw err;
        const existing = await api.events.get({ calendarId, eventId: id });
        return result(existing.data, false);
      }
    },
  };
}
