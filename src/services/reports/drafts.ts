import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import PDFDocument from 'pdfkit';
import { formatOnset } from '../../domain/report/format.js';
import type { HealthReport, Issue } from '../../domain/report/types.js';
import { SEVERITY_RANK } from '../../domain/severity.js';
import { findTemplatesDir } from '../templates-dir.js';

/**
 * Technical report drafts: `templates/report/report.md.hbs` (+ partials `*.hbs` in the same folder),
 * compiled once when the service is created, in strict mode so a renamed field fails at the first
 * render instead of printing blanks; rendered to Markdown, and the Markdown laid out as a PDF with pdfkit.
 */

export interface ReportDraft {
  markdown: string;
  pdf: Buffer;
  /** File name without extension, e.g. `acme-technical-health-2026-01-29`. */
  fileBase: string;
}

export interface ReportDrafts {
  draft(report: HealthReport, opts: { reportId: string; draftedBy?: string | null }): Promise<ReportDraft>;
}

export function createReportDrafts(opts: { templatesDir?: string; compressPdf?: boolean } = {}): ReportDrafts {
  const dir = join(opts.templatesDir ?? findTemplatesDir(), 'report');
  const hbs = Handlebars.create();
  const compile = (file: string) =>
    hbs.compile(readFileSync(join(dir, file), 'utf8'), { strict: true, noEscape: true, preventIndent: true });
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.hbs') && file !== 'report.md.hbs')
      hbs.registerPartial(file.replace(/\.hbs$/, ''), compile(file));
  }
  const main = compile('report.md.hbs');
  const compressPdf = opts.compressPdf ?? true;

  return {
    async draft(report, { reportId, draftedBy = null }) {
      const markdown = `${main(viewModel(report, reportId, draftedBy))
        .replace(/\n{3,}/g, '\n\n')
        .trim()}\n`;
      const pdf = await markdownToPdf(markdown, {
        title: `Technical health report: ${report.customer ?? 'unknown customer'}`,
        compress: compressPdf,
      });
      const slug = (report.customer ?? 'customer')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      return { markdown, pdf, fileBase: `${slug || 'customer'}-technical-health-${report.generatedAt.slice(0, 10)}` };
    },
  };
}

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;
/** "since the start of the file" → "Since the start of the file"; null stays null. */
const sentence = (phrase: string | null) => (phrase ? phrase.charAt(0).toUpperCase() + phrase.slice(1) : null);

function viewModel(report: HealthReport, reportId: string, draftedBy: string | null) {
  const issues = report.integrations
    .flatMap((i) => i.issues.map((issue) => ({ integration: i.name, issue })))
    .sort((a, b) => SEVERITY_RANK[a.issue.severity] - SEVERITY_RANK[b.issue.severity])
    .map(({ integration, issue }) => ({
      integration,
      severity: issue.severity,
      title: issue.title,
      since: sentence(formatOnset(issue)),
      evidence: evidenceLines(issue),
    }));
  const rec = (r: HealthReport['recommendations'][number]) => ({
    integration: r.integration,
    title: r.title.replace(/\.$/, ''),
    detail: r.detail,
  });
  return {
    customer: report.customer ?? 'unknown customer',
    reportId,
    draftedBy,
    generatedAt: `${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
    sourceFiles: report.source.files.length > 0 ? report.source.files.join(', ') : 'an upload',
    score: report.score,
    status: report.status.replace('_', ' '),
    overallRisk: report.overallRisk,
    summary: report.summary,
    period: report.period
      ? `${report.period.from.slice(0, 10)} to ${report.period.to.slice(0, 10)} (${report.period.days} days)`
      : null,
    trend: report.trend
      ? `${report.trend.delta >= 0 ? '+' : ''}${report.trend.delta} since ${report.trend.previousGeneratedAt.slice(0, 10)} (was ${report.trend.previousScore}): ${report.trend.explanation}`
      : null,
    integrations: [...report.integrations]
      .sort((a, b) => a.score - b.score)
      .map((i) => ({
        name: i.name,
        type: i.type,
        critical: i.critical,
        score: i.score,
        status: i.status.replace('_', ' '),
        successRate: pct(i.successRate),
        p95: i.latency.p95 === null ? 'n/a' : `${Math.round(i.latency.p95)} ms`,
        slaMs: i.latency.slaMs,
        issueCount: i.issues.length,
      })),
    issues,
    risks: report.risks.map((r) => ({ ...r, businessImpact: r.businessImpact })),
    immediate: report.recommendations.filter((r) => r.horizon === 'immediate').map(rec),
    shortTerm: report.recommendations.filter((r) => r.horizon === 'short_term').map(rec),
  };
}

function evidenceLines(issue: Issue): string[] {
  return Object.entries(issue.evidence)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => {
      if (typeof v === 'number') return `${k}: ${/rate/i.test(k) && v <= 1 ? pct(v) : Math.round(v * 100) / 100}`;
      if (Array.isArray(v))
        return `${k}: ${v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ')}`;
      return `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`;
    });
}

/**
 * Lays out the Markdown this service renders (headings, bullets, paragraphs, a rule) with pdfkit's
 * built-in Helvetica. Characters that font cannot show (outside Windows-1252) become "?".
 */
export function markdownToPdf(markdown: string, opts: { title: string; compress?: boolean }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      compress: opts.compress ?? true,
      info: { Title: latin(opts.title), Author: 'TechHealth' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const plain = (s: string) => latin(s.replace(/\*\*(.+?)\*\*/g, '$1'));
    for (const line of markdown.split('\n')) {
      const heading = /^(#{1,3})\s+(.*)$/.exec(line);
      if (heading) {
        const size = [20, 15, 12][heading[1].length - 1];
        doc.moveDown(0.5).font('Helvetica-Bold').fontSize(size).text(plain(heading[2])).moveDown(0.3);
      } else if (/^\s*-\s+/.test(line)) {
        const indent = line.startsWith('  ') ? 30 : 15;
        doc
          .font('Helvetica')
          .fontSize(10)
          .text(`•  ${plain(line.replace(/^\s*-\s+/, ''))}`, { indent });
      } else if (line.trim() === '---') {
        doc.moveDown(0.5);
      } else if (line.trim() === '') {
        doc.moveDown(0.4);
      } else {
        doc.font('Helvetica').fontSize(10).text(plain(line));
      }
    }
    doc.end();
  });
}

/** Keeps what pdfkit's standard fonts can encode (Latin-1 plus common typographic punctuation). */
function latin(text: string): string {
  const extra = new Set([0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2026]);
  return Array.from(text, (ch) => {
    const c = ch.codePointAt(0) ?? 0;
    const ok =
      c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || extra.has(c);
    return ok ? ch : '?';
  }).join('');
}
