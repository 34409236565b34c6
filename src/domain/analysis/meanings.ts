/** Plain-English meanings of error codes, for the error-code breakdown. */
const MEANINGS: Record<string, string> = {
  '400': 'Bad Request: the request was malformed or failed validation',
  '401': 'Unauthorized: missing, invalid or expired credentials',
  '403': 'Forbidden: authenticated but not allowed (permissions, IP allow-list or revoked scope)',
  '404': 'Not Found: the endpoint or record does not exist (deleted record or wrong API version)',
  '405': 'Method Not Allowed',
  '408': 'Request Timeout: the server gave up waiting for the request',
  '409': 'Conflict: concurrent update or duplicate record',
  '413': 'Payload Too Large: the request body exceeds the server limit',
  '422': 'Unprocessable Entity: the data failed validation',
  '429': 'Too Many Requests: rate limited by the provider',
  '500': 'Internal Server Error: the provider failed while handling the request',
  '502': 'Bad Gateway: an upstream proxy got an invalid response',
  '503': 'Service Unavailable: the provider is overloaded or down for maintenance',
  '504': 'Gateway Timeout: an upstream server did not answer in time',
  timeout: 'Timeout: no response within the client time limit',
  etimedout: 'ETIMEDOUT: the connection or response timed out',
  econnreset: 'ECONNRESET: the remote side dropped the connection',
  econnrefused: 'ECONNREFUSED: nothing is listening at the receiving endpoint',
  enotfound: 'ENOTFOUND: the host name does not resolve (DNS)',
  invalid_grant: 'invalid_grant: the OAuth refresh token was revoked or expired; the connection must be re-authorised',
  token_expired: 'token_expired: the access token expired and was not refreshed in time',
  invalid_token: 'invalid_token: the access token is malformed or revoked',
  invalid_client: 'invalid_client: the OAuth client id/secret is wrong or rotated',
  unauthorized: 'Unauthorized: credentials rejected',
  forbidden: 'Forbidden: the account lacks permission',
  rate_limited: 'Rate limited by the provider',
  request_limit_exceeded: 'API request limit exceeded (daily or concurrent quota)',
  other: 'Other error codes (beyond the 100 most frequent)',
  unknown: 'Failure without an error code or status',
};

/** Meaning of an error code or HTTP status ("429" → "Too Many Requests: rate limited by the provider"). */
export function errorMeaning(code: string): string {
  const c = code.trim().toLowerCase();
  const m = MEANINGS[c];
  if (m !== undefined) return m;
  if (/^5\d\d$/.test(c)) return `HTTP ${c}: server error at the provider`;
  if (/^4\d\d$/.test(c)) return `HTTP ${c}: client error (request rejected)`;
  if (/timeout|timed.?out/.test(c)) return 'Timeout: no response in time';
  if (/rate.?limit|too.?many|throttl/.test(c)) return 'Rate limited by the provider';
  if (/token|auth|grant/.test(c)) return 'Authentication failure';
  if (/internal|server.?error|unavailable|bad.?gateway|overload/.test(c)) return 'Server error at the provider';
  if (/not.?found/.test(c)) return 'Not found: the object or endpoint does not exist';
  if (/invalid|malformed|bad.?request|validation/.test(c)) return 'Request rejected as invalid';
  return 'Unrecognised error code';
}
