import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Request signing for POST /api/integrations/events, modelled on Slack's own: the sender puts the Unix time
 * in `X-TechHealth-Timestamp` and `v1=<hex HMAC-SHA256 of "v1:{timestamp}:{raw body}">` keyed with
 * TECHHEALTH_EVENTS_SECRET in `X-TechHealth-Signature`. Requests older (or newer) than 5 minutes are refused,
 * so a captured request cannot be replayed later.
 */

export const SIGNATURE_TOLERANCE_S = 300;

export function signEventBody(body: string | Buffer, secret: string, timestampS: number): string {
  return `v1=${createHmac('sha256', secret).update(`v1:${timestampS}:`).update(body).digest('hex')}`;
}

/** Null when the signature is valid at `nowMs`; otherwise the reason (for the 401 body; never the expected value). */
export function verifyEventSignature(
  body: Buffer,
  headers: { timestamp: string | undefined; signature: string | undefined },
  secret: string,
  nowMs: number,
): string | null {
  if (!headers.timestamp || !headers.signature) {
    return 'X-TechHealth-Timestamp and X-TechHealth-Signature are required';
  }
  if (!/^\d{1,12}$/.test(headers.timestamp)) return 'X-TechHealth-Timestamp must be Unix seconds';
  const ts = Number(headers.timestamp);
  if (Math.abs(nowMs / 1000 - ts) > SIGNATURE_TOLERANCE_S) {
    return 'X-TechHealth-Timestamp is more than 5 minutes from the server clock (stale or replayed request)';
  }
  const want = Buffer.from(signEventBody(body, secret, ts));
  const given = Buffer.from(headers.signature.trim());
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    return 'X-TechHealth-Signature does not match: sign "v1:{timestamp}:{raw body}" with HMAC-SHA256 and TECHHEALTH_EVENTS_SECRET';
  }
  return null;
}
