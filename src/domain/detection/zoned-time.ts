/**
 * Wall-clock ↔ instant conversion for IANA time zones using only `Intl.DateTimeFormat` (no luxon in the
 * domain: it is only a transitive dependency of agenda). DST gaps resolve forward (02:30 on a spring-forward
 * night becomes 03:30), overlaps resolve to the earlier instant — the same choice as Temporal's 'compatible'.
 */

export interface ZonedParts {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday, in the zone. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Whether `timeZone` is an IANA zone this runtime knows (e.g. 'Europe/Paris', 'UTC').
 * @example isValidTimeZone('America/New_York') // true
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall-clock fields of instant `epochMs` in `timeZone`. Throws RangeError for an unknown zone.
 * @example toZonedParts(Date.UTC(2026, 0, 1, 12), 'Europe/Paris').hour // 13
 */
export function toZonedParts(epochMs: number, timeZone: string): ZonedParts {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour) % 24,
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: WEEKDAYS[out.weekday] ?? 0,
  };
}

/** Offset of `timeZone` from UTC at instant `epochMs`, in ms (Paris in winter: +3,600,000). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const p = toZonedParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant (epoch ms) at which the wall clock in `timeZone` reads the given local date and time.
 * Non-existent times (DST gap) move forward by the gap; ambiguous times (DST overlap) take the earlier instant.
 * Day overflow is normalised (day 32 of January = 1 February).
 * @example fromZonedTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Paris') // 01:30Z (03:30 CEST)
 */
export function fromZonedTime(
  local: { year: number; month: number; day: number; hour: number; minute: number; second?: number },
  timeZone: string,
): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second ?? 0);
  // Offsets either side of the wall time; with at most one transition nearby, one of them is right.
  const before = zoneOffsetMs(wall - 86_400_000, timeZone);
  const after = zoneOffsetMs(wall + 86_400_000, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => t + zoneOffsetMs(t, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // DST gap: the wall time is skipped; interpret it with the offset from before the gap (moves it forward).
  return wall - before;
}

/** Adds `days` calendar days to a local date (month/year rollover handled). */
export function addLocalDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * Parses 'HH:mm' (24 h) into minutes after midnight; null when malformed.
 * @example parseHhmm('09:30') // 570
 */
export function parseHhmm(value: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}
