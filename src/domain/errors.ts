/**
 * Errors the domain raises for expected failures. Each has a stable dotted `code`; callers (CLI, HTTP,
 * Slack handlers) translate them into a plain message. They never carry Slack or HTTP detail.
 */
export type UploadErrorCode =
  | 'upload.empty'
  | 'upload.unsupported_format'
  | 'upload.bad_encoding'
  | 'upload.malformed'
  | 'upload.missing_column'
  | 'upload.no_usable_rows'
  | 'upload.too_large';

export interface UploadErrorDetail {
  file?: string;
  line?: number;
  field?: string;
  expected?: string;
  /** Headers found in the file, for `upload.missing_column` / `upload.no_usable_rows`. */
  headersFound?: string[];
}

/** A file or request that cannot be turned into log records. `message` is written for a CSM to read. */
export class UploadError extends Error {
  override readonly name = 'UploadError';
  constructor(
    readonly code: UploadErrorCode,
    message: string,
    readonly detail: UploadErrorDetail = {},
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly code = 'not_found';
}

export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  readonly code = 'conflict';
}

/** Bad command-line or API options (e.g. `--sla salesforce=abc`). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'usage';
}

export type EmailErrorCode = 'email.invalid_address' | 'email.invalid_header' | 'email.invalid_url';

/**
 * An e-mail that cannot be built safely: a malformed address, a header value that would inject headers
 * (CR/LF), or a reconnect link that is not an absolute http(s) URL. `field` names the input
 * (`to[0]`, `subject`, `headers.X-Foo`); the bad value itself is not echoed (addresses are personal data).
 */
export class EmailError extends Error {
  override readonly name = 'EmailError';
  constructor(
    readonly code: EmailErrorCode,
    message: string,
    readonly detail: { field?: string } = {},
  ) {
    super(message);
  }
}

/**
 * The integration catalog (templates/catalog/integrations.json) is not valid. `problems` holds one line per
 * bad field, naming the entry (`integrations[3] (zendesk).thresholds.maxErrorRate: …`).
 */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  readonly code = 'catalog.invalid';
  constructor(readonly problems: string[]) {
    super(`Integration catalog is invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
}
