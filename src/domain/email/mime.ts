/**
 * RFC 5322 / MIME messages for the Gmail API's `raw` field: multipart/alternative with a text/plain and a
 * text/html part, both UTF-8 in quoted-printable. Header text outside printable ASCII becomes RFC 2047
 * encoded-words, and every header line is folded to at most 78 characters. Everything the message depends
 * on (Date, Message-ID) comes in as a parameter, so the same input gives the same bytes.
 */
import { EmailError } from '../errors.js';

/** A mailbox: a bare address, `Name <address>`, or the two parts. Addresses must be ASCII (no SMTPUTF8). */
export type Address = string | { name?: string | null; address: string };

export interface MimeMessageInput {
  from: Address;
  to: Address | readonly Address[];
  cc?: readonly Address[];
  replyTo?: Address;
  subject: string;
  /** Plain-text body; any line ending is sent as CRLF. */
  text: string;
  /** HTML body (a complete document or a fragment). */
  html: string;
  /** `id@domain` or `<id@domain>`, stable per idempotency key so a resend is recognisable. */
  messageId: string;
  /** The Date header's instant (formatted in UTC). */
  date: Date;
  /** Extra headers, e.g. `{ 'X-TechHealth-Key': 'alert:123' }`; printable ASCII values only. */
  headers?: Readonly<Record<string, string>>;
}

const MAX_LINE = 78;
const CRLF = '\r\n';
// Quoted-printable never emits "=_" (a literal "=" is written "=3D"), so this boundary cannot occur in a part.
const BOUNDARY = '=_techhealth_alt_0';
const RESERVED_HEADERS = new Set(
  [
    'from',
    'to',
    'cc',
    'bcc',
    'reply-to',
    'subject',
    'date',
    'message-id',
    'mime-version',
    'content-type',
    'content-transfer-encoding',
  ].map((h) => h.toLowerCase()),
);

/**
 * Builds the whole message (headers, blank line, body) with CRLF line endings. The result is 7-bit ASCII.
 * Throws `EmailError` `email.invalid_address` for a malformed address and `email.invalid_header` for a
 * header value holding CR, LF or another control character, an invalid Message-ID or Date, or an extra
 * header that would replace one this function writes.
 * @example
 * buildMimeMessage({
 *   from: 'TechHealth <cs@vendor.example>', to: 'dana@acme.example', subject: 'Reconnect Salesforce',
 *   text: 'Hi', html: '<p>Hi</p>', messageId: 'th.abc@vendor.example', date: new Date('2026-12-02T04:36:01Z'),
 * }).split('\r\n').slice(0, 3)
 * // ['From: TechHealth <cs@vendor.example>', 'To: dana@acme.example', 'Subject: Reconnect Salesforce']
 */
export function buildMimeMessage(input: MimeMessageInput): string {
  const to = Array.isArray(input.to) ? input.to : [input.to as Address];
  if (to.length === 0)
    throw new EmailError('email.invalid_address', 'to: at least one recipient is required', { field: 'to' });
  const lines: string[] = [
    foldHeader('From', [mailboxTokens(input.from, 'from')]),
    foldHeader(
      'To',
      to.map((a, i) => mailboxTokens(a, `to[${i}]`)),
    ),
  ];
  if (input.cc && input.cc.length > 0) {
    lines.push(
      foldHeader(
        'Cc',
        input.cc.map((a, i) => mailboxTokens(a, `cc[${i}]`)),
      ),
    );
  }
  if (input.replyTo) lines.push(foldHeader('Reply-To', [mailboxTokens(input.replyTo, 'replyTo')]));
  lines.push(foldHeader('Subject', [textTokens(checkHeaderText(input.subject, 'subject'))]));
  lines.push(`Date: ${formatDate(input.date)}`);
  lines.push(foldHeader('Message-ID', [[normaliseMessageId(input.messageId)]]));
  lines.push('MIME-Version: 1.0');
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    const field = `headers.${name}`;
    if (!/^[!-9;-~]+$/.test(name))
      throw new EmailError('email.invalid_header', `${field}: not a valid header name`, { field });
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new EmailError('email.invalid_header', `${field}: set by the message builder, cannot be overridden`, {
        field,
      });
    }
    checkHeaderText(value, field);
    if (!/^[\t -~]*$/.test(value)) {
      throw new EmailError('email.invalid_header', `${field}: only printable ASCII is allowed in extra headers`, {
        field,
      });
    }
    lines.push(foldHeader(name, [value.split(/[ \t]+/).filter(Boolean)]));
  }
  lines.push(`Content-Type: multipart/alternative; boundary="${BOUNDARY}"`);
  return [
    ...lines,
    '',
    `--${BOUNDARY}`,
    ...partHeaders('text/plain'),
    '',
    encodeQuotedPrintable(input.text),
    `--${BOUNDARY}`,
    ...partHeaders('text/html'),
    '',
    encodeQuotedPrintable(input.html),
    `--${BOUNDARY}--`,
    '',
  ].join(CRLF);
}

/**
 * The message as the Gmail API's `raw` field wants it: base64url of its bytes, without padding.
 * @example toGmailRaw('Subject: Hi\r\n\r\nHi') // 'U3ViamVjdDogSGkNCg0KSGk'
 */
export function toGmailRaw(message: string): string {
  return Buffer.from(message, 'utf8').toString('base64url');
}

/**
 * Splits and validates a mailbox. Addresses are `local@domain` in ASCII: dot-atom local part, a domain of
 * at least two LDH labels, 254 characters at most. Throws `EmailError` `email.invalid_address` otherwise
 * (and `email.invalid_header` for a display name holding CR/LF).
 * @example parseAddress('Dana Li <dana@acme.example>') // { name: 'Dana Li', address: 'dana@acme.example' }
 */
export function parseAddress(input: Address, field = 'address'): { name: string | null; address: string } {
  let name: string | null;
  let address: string;
  if (typeof input === 'string') {
    checkHeaderText(input, field);
    const angle = /^(.*)<([^<>]*)>\s*$/s.exec(input.trim());
    name = angle ? angle[1].trim().replace(/^"(.*)"$/s, '$1') || null : null;
    address = angle ? angle[2].trim() : input.trim();
  } else {
    name = input.name ? checkHeaderText(input.name, `${field}.name`).trim() || null : null;
    address = checkHeaderText(input.address, field).trim();
  }
  if (!isValidAddress(address)) {
    throw new EmailError(
      'email.invalid_address',
      `${field}: not a valid e-mail address (expected local@domain, ASCII)`,
      {
        field,
      },
    );
  }
  return { name, address };
}

/**
 * Whether `address` is a plain ASCII `local@domain` address this builder accepts (see `parseAddress`).
 * @example isValidAddress('ops+alerts@acme.example') // true
 */
export function isValidAddress(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  if (local.length > 64 || !new RegExp(`^${atom}(\\.${atom})*$`).test(local)) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

function checkHeaderText(value: string, field: string): string {
  // CR/LF would start a new header (injection); other controls have no meaning in a header.
  if (hasControlCharacter(value)) {
    throw new EmailError('email.invalid_header', `${field}: line breaks and control characters are not allowed`, {
      field,
    });
  }
  return value;
}

function mailboxTokens(input: Address, field: string): string[] {
  const { name, address } = parseAddress(input, field);
  return [...(name ? phraseTokens(name) : []), `<${address}>`];
}

function normaliseMessageId(messageId: string): string {
  checkHeaderText(messageId, 'messageId');
  const bare = messageId.trim().replace(/^<(.*)>$/, '$1');
  const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  const dotAtom = `${atom}(\\.${atom})*`;
  if (!new RegExp(`^${dotAtom}@${dotAtom}$`).test(bare)) {
    throw new EmailError('email.invalid_header', 'messageId: expected id@domain (dot-atom characters only)', {
      field: 'messageId',
    });
  }
  return `<${bare}>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function formatDate(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new EmailError('email.invalid_header', 'date: not a valid date', { field: 'date' });
  }
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(
    date.getUTCHours(),
  )}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

const isPlainAscii = (s: string) => /^[ -~]*$/.test(s) && !s.includes('=?');

/** Unstructured text (Subject): words as they are when ASCII, otherwise encoded-words. */
function textTokens(text: string): string[] {
  const words = text.split(/[ \t]+/).filter(Boolean);
  if (isPlainAscii(text) && words.every((w) => w.length <= MAX_LINE - 'Subject: '.length)) return words;
  return encodedWords(text);
}

/** A display name: an atom phrase, a quoted string, or encoded-words when it is not ASCII. */
function phraseTokens(name: string): string[] {
  if (!isPlainAscii(name)) return encodedWords(name);
  if (/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/.test(name)) return name.split(' ').filter(Boolean);
  return [`"${name.replace(/(["\\])/g, '\\$1')}"`];
}

// 36 bytes → 48 base64 characters → a 60-character encoded-word, which fits after any header name we write.
const WORD_BYTES = 36;

/** RFC 2047 B-encoded words, split on character boundaries so no word holds half a UTF-8 sequence. */
function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += size;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`);
}

/**
 * `Name: token token, token token` folded before a token whenever the line would pass 78 characters. Each
 * group is one list element (an address), separated by commas. A single token longer than a line (only a
 * very long address or id) stays whole: RFC 5322 allows lines up to 998 characters.
 */
function foldHeader(name: string, groups: string[][]): string {
  const tokens = groups.flatMap((g, i) => (i < groups.length - 1 ? [...g.slice(0, -1), `${g[g.length - 1]},`] : g));
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    if (line.length + 1 + token.length > MAX_LINE && line.trim() !== `${name}:`) {
      lines.push(line);
      line = ` ${token}`;
    } else {
      line += ` ${token}`;
    }
  }
  lines.push(line);
  return lines.join(CRLF);
}

function partHeaders(type: string): string[] {
  return [`Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: quoted-printable'];
}

/** Quoted-printable (RFC 2045 §6.7) of the UTF-8 bytes: lines of at most 76 characters, CRLF line breaks. */
function encodeQuotedPrintable(body: string): string {
  const hex = (b: number) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return body
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const out: string[] = [];
      let current = '';
      bytes.forEach((b, i) => {
        const last = i === bytes.length - 1;
        const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
        const piece = literal ? String.fromCharCode(b) : hex(b);
        // 75 leaves room for the "=" of a soft line break.
        if (current.length + piece.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += piece;
      });
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}
