import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import Handlebars from 'handlebars';
import { OUTREACH_KINDS } from '../../../src/domain/onboarding/types.js';
import { projectRoot } from '../../support/source-files.js';

// The outreach emails as the service will render them: compiled once, strict (a missing field throws),
// HTML escaped and text not.
function render(kind: string, part: 'subject' | 'text' | 'html', model: Record<string, unknown>): string {
  const source = readFileSync(join(projectRoot, 'templates/email', `outreach-${kind}.${part}.hbs`), 'utf8');
  return Handlebars.create().compile(source, { strict: true, noEscape: part !== 'html', preventIndent: true })(model);
}

const model = {
  customerName: 'Acme Corp',
  contactName: 'Jo Park',
  integrationName: 'Salesforce',
  purpose: 'syncs accounts, contacts and opportunities',
  findings: [{ message: 'Low usage: 2 active users (expected at least 5)' }],
  csmName: 'Sam Lee',
  checkDay: 7,
};

describe('outreach email templates', () => {
  it.each(OUTREACH_KINDS)(
    'when %s is rendered, then subject, text and HTML name the customer, integration, contact and CSM',
    (kind) => {
      const subject = render(kind, 'subject', model);
      expect(subject).toContain('Salesforce');
      expect(subject).toContain('Acme Corp');
      expect(subject.trim().split('\n')).toHaveLength(1);
      for (const part of ['text', 'html'] as const) {
        const body = render(kind, part, model);
        expect(body).toContain('Hi Jo Park,');
        expect(body).toContain('Sam Lee');
        expect(body).toContain('syncs accounts, contacts and opportunities');
      }
    },
  );

  it('when the check found problems, then the setup, best-practices and training emails list them', () => {
    for (const kind of ['setup_assistance', 'best_practices', 'training']) {
      expect(render(kind, 'text', model)).toContain('- Low usage: 2 active users (expected at least 5)');
      expect(render(kind, 'html', model)).toContain(
        '<li style="margin:0 0 8px;">Low usage: 2 active users (expected at least 5)</li>',
      );
    }
    expect(render('success_story', 'text', model)).toContain('testimonial or a case study');
  });

  it('when there is no contact name or CSM, then the emails greet and sign generically', () => {
    const text = render('best_practices', 'text', { ...model, contactName: null, csmName: null });
    expect(text).toContain('Hi there,');
    expect(text).toContain('Your Customer Success team');
  });

  it('when a field is missing from the model, then rendering fails instead of leaving a blank', () => {
    const { integrationName: _, ...partial } = model;
    expect(() => render('training', 'text', partial)).toThrow(/"integrationName" not defined/);
  });

  it('when customer text holds markup, then the HTML escapes it', () => {
    const html = render('best_practices', 'html', { ...model, customerName: '<script>x</script>' });
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });
});
