import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { CatalogEntry } from '../../domain/onboarding/catalog.js';
import { FINDING_KINDS, type FindingKind, OUTREACH_KINDS, type OutreachKind } from '../../domain/onboarding/types.js';
import { findTemplatesDir } from '../templates-dir.js';

/**
 * Check-up texts from `templates/` (compiled once, strict, so a missing field throws instead of printing a
 * blank):
 * - the CSM's troubleshooting steps for a finding, `steps/checkup/<type>.hbs`, else
 *   `category-<category>.hbs`, else `generic.hbs` (a type's file may include `{{> generic}}`); each finding
 *   kind is a flag (`{{#if sync_incomplete}}`), plus `integrationName` and `purpose`;
 * - the outreach emails `email/outreach-<kind>.{subject,text,html}.hbs` (see {@link OutreachModel}).
 */

export interface OutreachModel {
  customerName: string;
  contactName: string | null;
  integrationName: string;
  purpose: string;
  findings: { message: string }[];
  csmName: string | null;
  checkDay: number;
}

export interface CheckupTemplates {
  /** Slack mrkdwn bullets, without the leading "• ", duplicates removed. */
  steps(entry: CatalogEntry, integrationName: string, kinds: readonly FindingKind[]): string[];
  outreach(kind: OutreachKind, model: OutreachModel): { subject: string; text: string; html: string };
}

/** Slack mrkdwn control characters must not come from data (`<!channel>`, links). */
const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function loadCheckupTemplates(dir: string = findTemplatesDir()): Promise<CheckupTemplates> {
  const hbs = Handlebars.create();
  const compile = async (file: string, html: boolean) =>
    hbs.compile(await readFile(join(dir, file), 'utf8'), { strict: true, noEscape: !html, preventIndent: true });
  const stepsDir = join('steps', 'checkup');
  const files = (await readdir(join(dir, stepsDir))).filter((f) => f.endsWith('.hbs'));
  if (!files.includes('generic.hbs')) throw new Error(`${join(dir, stepsDir, 'generic.hbs')} is missing`);
  hbs.registerPartial('generic', await readFile(join(dir, stepsDir, 'generic.hbs'), 'utf8'));
  const steps = new Map(
    await Promise.all(
      files.map(async (f) => [f.replace(/\.hbs$/, ''), await compile(join(stepsDir, f), false)] as const),
    ),
  );
  const emails = new Map(
    await Promise.all(
      OUTREACH_KINDS.map(async (kind) => {
        const base = `email/outreach-${kind}`;
        const parts = await Promise.all([
          compile(`${base}.subject.hbs`, false),
          compile(`${base}.text.hbs`, false),
          compile(`${base}.html.hbs`, true),
        ]);
        return [kind, parts] as const;
      }),
    ),
  );

  return {
    steps(entry, integrationName, kinds) {
      const template = steps.get(entry.type) ?? steps.get(`category-${entry.category}`) ?? steps.get('generic');
      const flags = Object.fromEntries(FINDING_KINDS.map((k) => [k, kinds.includes(k)]));
      const rendered = (template as Handlebars.TemplateDelegate)({
        ...flags,
        integrationName: escapeMrkdwn(integrationName),
        purpose: escapeMrkdwn(entry.purpose),
      });
      const lines = rendered
        .split('\n')
        .map((l) => l.trim().replace(/^•\s*/, ''))
        .filter(Boolean);
      return [...new Set(lines)];
    },
    outreach(kind, model) {
      const [subject, text, html] = emails.get(kind) as Handlebars.TemplateDelegate[];
      return {
        subject: subject(model).replace(/\s+/g, ' ').trim(),
        text: `${text(model)
          .replace(/\n{3,}/g, '\n\n')
          .trim()}\n`,
        html: html(model),
      };
    },
  };
}
