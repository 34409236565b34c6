import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  buildMimeMessage,
  isValidAddress,
  type MimeMessageInput,
  toGmailRaw,
} from '../../../../src/domain/email/mime.js';
import { EmailError } from '../../../../src/domain/errors.js';

// A small independent reader of what the builder writes: unfold headers, decode RFC 2047 B-words, split
// the multipart body on its boundary and decode quoted-printable parts.
function decodeWords(value: string): string {
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  return joined.replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi, (_, b64: string) =>
    Buffer.from(b64, 'base64').toString('utf8'),
  );
}

function decodeQuotedPrintable(body: string): string {
  const soft = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=') {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(soft.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

function parse(message: string) {
  const split = message.indexOf('\r\n\r\n');
  const head = message.slice(0, split).replace(/\r\n[ \t]/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const boundary = /boundary="([^"]+)"/.exec(headers.get('content-type') ?? '')?.[1] as string;
  const body = message.slice(split + 4);
  const parts = body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const inner = chunk.replace(/^\r\n/, '').replace(/\r\n$/, '');
      const at = inner.indexOf('\r\n\r\n');
      const partHead = inner.slice(0, at).toLowerCase();
      return { head: partHead, content: decodeQuotedPrintable(inner.slice(at + 4)) };
    });
  return { headers, parts, closed: body.includes(`--${boundary}--`) };
}

const base: MimeMessageInput = {
  from: { name: 'TechHealth Support', address: 'cs@vendor.example' },
  to: 'dana@acme.example',
  subject: 'Reconnect Salesforce',
  text: 'Hello',
  html: '<p>Hello</p>',
  messageId: 'th.0123abcd@vendor.example',
  date: new Date('2026-12-02T04:36:01Z'),
};

const hasControl = (s: string) =>
  Array.from(s).some((ch) => {
    const c = ch.charCodeAt(0);
    return c < 0x20 || c === 0x7f;
  });

const lineLengths = (message: string) => message.split('\r\n').map((l) => l.length);

describe('buildMimeMessage', () => {
  it('when the subject and names are not ASCII, then they round-trip as encoded-words and no line passes 78 characters', () => {
    const subject = 'Action requise : reconnectez Salesforce — Acme GmbH ✅';
    const message = buildMimeMessage({
      ...base,
      from: { name: 'Équipe Succès Client', address: 'cs@vendor.example' },
      to: ['Jürgen Müller <juergen@acme.example>', 'ops@acme.example'],
      cc: [{ name: 'Chloé', address: 'chloe@vendor.example' }],
      subject,
      text: 'Bonjour Jürgen,\n\nVotre intégration Salesforce est déconnectée depuis le 2 déc. ✅\n',
      html: '<p>Bonjour Jürgen, l’intégration est déconnectée ✅</p>',
    });
    expect(Math.max(...lineLengths(message))).toBeLessThanOrEqual(78);
    expect(message).toMatch(/^[\x20-\x7e\r\n]*$/);
    const { headers, parts, closed } = parse(message);
    expect(decodeWords(headers.get('subject') as string)).toBe(subject);
    expect(decodeWords(headers.get('from') as string)).toBe('Équipe Succès Client <cs@vendor.example>');
    expect(decodeWords(headers.get('to') as string)).toBe('Jürgen Müller <juergen@acme.example>, <ops@acme.example>');
    expect(decodeWords(headers.get('cc') as string)).toBe('Chloé <chloe@vendor.example>');
    expect(headers.get('message-id')).toBe('<th.0123abcd@vendor.example>');
    expect(headers.get('date')).toBe('Wed, 02 Dec 2026 04:36:01 +0000');
    expect(headers.get('mime-version')).toBe('1.0');
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative; boundary="/);
    expect(closed).toBe(true);
    expect(parts.map((p) => p.head)).toEqual([
      'content-type: text/plain; charset=utf-8\r\ncontent-transfer-encoding: quoted-printable',
      'content-type: text/html; charset=utf-8\r\ncontent-transfer-encoding: quoted-printable',
    ]);
    expect(parts[0].content).toBe(
      'Bonjour Jürgen,\r\n\r\nVotre intégration Salesforce est déconnectée depuis le 2 déc. ✅\r\n',
    );
    expect(parts[1].content).toBe('<p>Bonjour Jürgen, l’intégration est déconnectée ✅</p>');
  });

  it('when everything is ASCII, then the headers are written as they are (hand-checked bytes)', () => {
    const message = buildMimeMessage({ ...base, headers: { 'X-TechHealth-Key': 'alert:42' } });
    expect(message.split('\r\n').slice(0, 9)).toEqual([
      'From: TechHealth Support <cs@vendor.example>',
      'To: <dana@acme.example>',
      'Subject: Reconnect Salesforce',
      'Date: Wed, 02 Dec 2026 04:36:01 +0000',
      'Message-ID: <th.0123abcd@vendor.example>',
      'MIME-Version: 1.0',
      'X-TechHealth-Key: alert:42',
      'Content-Type: multipart/alternative; boundary="=_techhealth_alt_0"',
      '',
    ]);
    expect(message.endsWith('\r\n--=_techhealth_alt_0--\r\n')).toBe(true);
  });

  it('when a display name holds specials, then it is a quoted string', () => {
    const message = buildMimeMessage({ ...base, replyTo: { name: 'Li, Dana "DL"', address: 'dana@acme.example' } });
    expect(message).toContain('\r\nReply-To: "Li, Dana \\"DL\\"" <dana@acme.example>\r\n');
  });

  it('when body lines are long or end in spaces, then quoted-printable keeps lines ≤ 76 and decodes to the same text', () => {
    const text = `${'x'.repeat(200)} \n${'é'.repeat(60)}=\t\nend `;
    const { parts } = parse(buildMimeMessage({ ...base, text }));
    expect(parts[0].content).toBe(text.replace(/\n/g, '\r\n'));
    const body = buildMimeMessage({ ...base, text })
      .split('\r\n\r\n')
      .slice(1)
      .join('\r\n\r\n');
    expect(Math.max(...lineLengths(body))).toBeLessThanOrEqual(76);
  });

  it('when subjects, names and bodies are arbitrary Unicode, then they round-trip and every line stays within 78', () => {
    fc.assert(
      fc.property(
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 200 })
          .filter((s) => s.trim() === s && !/\s{2}/.test(s) && !hasControl(s)),
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 80 })
          .filter((s) => s.trim() === s && s.length > 0 && !hasControl(s)),
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        (subject, name, text) => {
          const message = buildMimeMessage({ ...base, subject, from: { name, address: 'cs@vendor.example' }, text });
          const { headers, parts } = parse(message);
          expect(Math.max(...lineLengths(message))).toBeLessThanOrEqual(78);
          expect(decodeWords(headers.get('subject') as string)).toBe(subject);
          expect(parts[0].content).toBe(text.replace(/\r\n|\r|\n/g, '\r\n'));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('buildMimeMessage validation', () => {
  const codeOf = (input: Partial<MimeMessageInput>) => {
    try {
      buildMimeMessage({ ...base, ...input });
    } catch (err) {
      expect(err).toBeInstanceOf(EmailError);
      return [(err as EmailError).code, (err as EmailError).detail.field];
    }
    return null;
  };

  it('when a header value holds CR or LF, then it is rejected as header injection', () => {
    expect(codeOf({ subject: 'Hi\r\nBcc: all@evil.example' })).toEqual(['email.invalid_header', 'subject']);
    expect(codeOf({ subject: 'Hi\nthere' })).toEqual(['email.invalid_header', 'subject']);
    expect(codeOf({ from: { name: 'Eve\r\nBcc: x@evil.example', address: 'cs@vendor.example' } })).toEqual([
      'email.invalid_header',
      'from.name',
    ]);
    expect(codeOf({ to: 'dana@acme.example\r\nBcc: x@evil.example' })).toEqual(['email.invalid_header', 'to[0]']);
    expect(codeOf({ headers: { 'X-Key': 'a\rb' } })).toEqual(['email.invalid_header', 'headers.X-Key']);
    expect(codeOf({ headers: { 'X Key': 'a' } })).toEqual(['email.invalid_header', 'headers.X Key']);
    expect(codeOf({ headers: { bcc: 'x@evil.example' } })).toEqual(['email.invalid_header', 'headers.bcc']);
    expect(codeOf({ messageId: 'no-at-sign' })).toEqual(['email.invalid_header', 'messageId']);
    expect(codeOf({ date: new Date(Number.NaN) })).toEqual(['email.invalid_header', 'date']);
  });

  it('when an address is malformed, then it is rejected with the field that holds it', () => {
    expect(codeOf({ to: 'dana' })).toEqual(['email.invalid_address', 'to[0]']);
    expect(codeOf({ to: ['ok@acme.example', 'two@@acme.example'] })).toEqual(['email.invalid_address', 'to[1]']);
    expect(codeOf({ cc: ['Dana <dana@acme>'] })).toEqual(['email.invalid_address', 'cc[0]']);
    expect(codeOf({ to: [] })).toEqual(['email.invalid_address', 'to']);
    expect(codeOf({ replyTo: 'a b@acme.example' })).toEqual(['email.invalid_address', 'replyTo']);
  });

  it('when addresses are checked, then dot-atom ASCII addresses pass and the rest fail', () => {
    for (const ok of ['dana@acme.example', 'ops+alerts@eu.acme.example', "o'brien@acme.co.uk", 'a.b-c@x-y.io']) {
      expect([ok, isValidAddress(ok)]).toEqual([ok, true]);
    }
    for (const bad of [
      '',
      '@acme.example',
      'dana@',
      'dana@acme',
      '.dana@acme.example',
      'da..na@acme.example',
      'dana@-acme.example',
      'jürgen@acme.example',
      `${'a'.repeat(65)}@acme.example`,
    ]) {
      expect([bad, isValidAddress(bad)]).toEqual([bad, false]);
    }
  });
});

describe('toGmailRaw', () => {
  it('when a message is encoded, then it is unpadded base64url of its bytes', () => {
    expect(toGmailRaw('Subject: Hi\r\n\r\nHi??>')).toBe('U3ViamVjdDogSGkNCg0KSGk_Pz4');
    const message = buildMimeMessage(base);
    expect(Buffer.from(toGmailRaw(message), 'base64url').toString('utf8')).toBe(message);
  });
});
