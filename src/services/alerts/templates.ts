import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { IncidentRecord } from '../../db/incidents.js';
import { describeImpact, troubleshootingSteps } from '../../domain/detection/impact.js';
import { type FailureClass, familyOf } from '../../domain/detection/types.js';
import { reconnectUrl as fillReconnectUrl, isHttpUrl } from '../../domain/email/reconnect-url.js';
import { EmailError } from '../../domain/errors.js';
import { type IntegrationType, integrationTypeInfo } from '../../domain/records.js';
import { findTemplatesDir } from '../templates-dir.js';

/**
 * Alert texts rendered from `templates/` (compiled once by `loadAlertTemplates`, in strict mode so a
 * missing field throws instead of printing a blank):
 * - the customer e-mail `email/fix-instructions.{subject,text,html}.hbs`, whose product-specific fix
 *   steps come from `email/fix-steps/<type>.hbs`, else `category-<category>.hbs`, else `generic.hbs`
 *   (plain text, one step per line, so the text and HTML parts cannot disagree);
 * - the CSM's troubleshooting bullets `steps/<type>.hbs`, else `category-<category>.hbs`, else
 *   `generic.hbs`. They render the `steps` they are given (from `troubleshootingSteps()`) plus extra lines.
 */

export { reconnectUrl } from '../../domain/email/reconnect-url.js';

export interface AlertTemplateModel {
  customerName: string;
  contactName: string | null;
  /** The integration's name as the customer knows it, e.g. "Salesforce (EU org)". */
  integrationLabel: string;
  integrationType: IntegrationType;
  /** What the customer called it when the type is generic, e.g. "NetSuite" for a custom_api. */
  declaredType?: string | null;
  failureClass: FailureClass;
  status: 'degraded' | 'disconnected';
  errorCode: string | null;
  errorMessage: string | null;
  /** Already formatted for the reader, e.g. "2 Dec 2026, 04:36 UTC". */
  since: string;
  /** Absolute http(s) URL (see `reconnectUrl`). */
  reconnectUrl: string;
  csmName: string | null;
  /** Troubleshooting steps, normally `troubleshootingSteps(integrationType, failureClass)`. */
  steps: string[];
}

export interface AlertTemplates {
  renderFixEmail(model: AlertTemplateModel): { subject: string; text: string; html: string };
  /** Slack mrkdwn lines, each starting with "• ". */
  renderSteps(model: AlertTemplateModel): string[];
}

type Compiled = Handlebars.TemplateDelegate;

const REQUIRED_FIELDS = [
  'customerName',
  'contactName',
  'integrationLabel',
  'integrationType',
  'failureClass',
  'status',
  'errorCode',
  'errorMessage',
  'since',
  'reconnectUrl',
  'csmName',
  'steps',
] as const satisfies readonly (keyof AlertTemplateModel)[];

export async function loadAlertTemplates(dir: string = findTemplatesDir()): Promise<AlertTemplates> {
  const hbs = Handlebars.create();
  const load = async (file: string, htmlEscape: boolean): Promise<Compiled> =>
    hbs.compile(await readFile(join(dir, file), 'utf8'), { strict: true, noEscape: !htmlEscape, preventIndent: true });
  const loadFolder = async (folder: string): Promise<Map<string, Compiled>> => {
    const files = (await readdir(join(dir, folder))).filter((f) => f.endsWith('.hbs'));
    const entries = await Promise.all(
      files.map(async (f) => [f.replace(/\.hbs$/, ''), await load(join(folder, f), false)] as const),
    );
    const map = new Map(entries);
    if (!map.has('generic')) throw new Error(`${join(dir, folder, 'generic.hbs')} is missing`);
    return map;
  };

  const [subject, text, html, fixSteps, csmSteps] = await Promise.all([
    load('email/fix-instructions.subject.hbs', false),
    load('email/fix-instructions.text.hbs', false),
    load('email/fix-instructions.html.hbs', true),
    loadFolder('email/fix-steps'),
    loadFolder('steps'),
  ]);

  const pick = (map: Map<string, Compiled>, type: IntegrationType): Compiled =>
    map.get(type) ?? map.get(`category-${integrationTypeInfo(type).category}`) ?? (map.get('generic') as Compiled);

  return {
    renderFixEmail(model) {
      if (!isHttpUrl(model.reconnectUrl)) {
        throw new EmailError('email.invalid_url', 'reconnect URL: expected an absolute http(s) URL', {
          field: 'reconnectUrl',
        });
      }
      const view = viewModel(model);
      const productSteps = lines(pick(fixSteps, model.integrationType)(view)).map((text, i) => ({
        number: i + 1,
        text,
      }));
      const full = { ...view, productSteps };
      return {
        subject: subject(full).replace(/\s+/g, ' ').trim(),
        text: `${text(full)
          .replace(/\n{3,}/g, '\n\n')
          .trim()}\n`,
        html: html(full),
      };
    },
    renderSteps(model) {
      return lines(pick(csmSteps, model.integrationType)(viewModel(model, escapeMrkdwn)));
    },
  };
}

/**
 * The template's data: the model as given (strict mode then reports any field the caller left out) plus
 * derived flags, since Handlebars has no comparison helpers.
 */
function viewModel(model: AlertTemplateModel, escapeText: (s: string) => string = (s) => s) {
  // Strict mode does not check a field used only as an {{#if}} condition; nulls are fine, absent is a bug.
  const absent = REQUIRED_FIELDS.filter((k) => model[k] === undefined);
  if (absent.length > 0) throw new TypeError(`alert template model is missing ${absent.join(', ')}`);
  const info = integrationTypeInfo(model.integrationType);
  const family = familyOf(model.failureClass);
  // Rebuilt key by key (not with defaults) so a field the caller left out stays missing for strict mode.
  const data = Object.fromEntries(
    Object.entries(model).map(([k, v]) => [
      k,
      typeof v === 'string'
        ? escapeText(v)
        : Array.isArray(v)
          ? v.map((x) => (typeof x === 'string' ? escapeText(x) : x))
          : v,
    ]),
  ) as unknown as AlertTemplateModel;
  return {
    ...data,
    declaredType: data.declaredType ?? null,
    typeName: info.displayName,
    impact: describeImpact(model.integrationType, model.failureClass, model.status).summary,
    disconnected: model.status === 'disconnected',
    access: family === 'access',
    delivery: family === 'delivery',
    availability: family === 'availability',
  };
}

function lines(rendered: string): string[] {
  return rendered
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Slack mrkdwn control characters (`<!channel>`, links) must not come from data. */
function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The template model of an incident, for the fix email and the CSM's troubleshooting steps. */
export function templateModel(
  inc: IncidentRecord,
  customer: { id: string; name: string; externalId: string | null; contact: { name: string | null } | null },
  pattern: string,
  since: string,
): AlertTemplateModel {
  return {
    customerName: customer.name,
    contactName: customer.contact?.name ?? null,
    integrationLabel: inc.integrationLabel,
    integrationType: inc.integrationType,
    declaredType: null,
    failureClass: inc.failureClass,
    status: inc.worstStatus,
    errorCode: inc.errorCode,
    errorMessage: inc.errorMessage,
    since,
    reconnectUrl: fillReconnectUrl(pattern, {
      customerId: customer.id,
      customerExternalId: customer.externalId ?? customer.id,
      integrationType: inc.integrationType,
      integrationId: inc.integrationId,
    }),
    csmName: null,
    steps: troubleshootingSteps(inc.integrationType, inc.failureClass),
  };
}
