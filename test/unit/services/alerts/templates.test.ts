import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { troubleshootingSteps } from '../../../../src/domain/detection/impact.js';
import type { FailureClass } from '../../../../src/domain/detection/types.js';
import { EmailError } from '../../../../src/domain/errors.js';
import { INTEGRATION_TYPES, type IntegrationType } from '../../../../src/domain/records.js';
import {
  type AlertTemplateModel,
  type AlertTemplates,
  loadAlertTemplates,
} from '../../../../src/services/alerts/templates.js';
import { findTemplatesDir } from '../../../../src/services/templates-dir.js';

let templates: AlertTemplates;
beforeAll(async () => {
  templates = await loadAlertTemplates();
});

const model = (over: Partial<AlertTemplateModel> = {}): AlertTemplateModel => {
  const integrationType = over.integrationType ?? 'salesforce';
  const failureClass = over.failureClass ?? 'oauth';
  return {
    customerName: 'Acme GmbH',
    contactName: 'Dana',
    integrationLabel: 'Salesforce (EU org)',
    integrationType,
    failureClass,
    status: 'disconnected',
    errorCode: 'invalid_grant',
    errorMessage: 'expired access/refresh token',
    since: '2 Dec 2026, 04:36 UTC',
    reconnectUrl: 'https://app.vendor.example/settings/integrations/salesforce?c=acme&x=1',
    csmName: 'Sam Carter',
    steps: troubleshootingSteps(integrationType, failureClass),
    ...over,
  };
};

describe('fix-instructions e-mail', () => {
  it('when a Salesforce OAuth failure is rendered, then subject, text and HTML carry the product steps and the reconnect link', () => {
    const email = templates.renderFixEmail(model());
    expect(email.subject).toBe('Action required: reconnect Salesforce (EU org) — Acme GmbH');
    expect(email.text).toMatch(
      /^Hi Dana,\n\nYour Salesforce \(EU org\) integration has been disconnected since 2 Dec 2026/,
    );
    expect(email.text).toContain('The last error was invalid_grant: expired access/refresh token');
    expect(email.text).toContain('\n1. In Salesforce, open Setup → Users → Users');
    expect(email.text).toContain('Connected Apps OAuth Usage');
    expect(email.text).toContain('frozen');
    expect(email.text).toContain(
      'Reconnect Salesforce (EU org): https://app.vendor.example/settings/integrations/salesforce?c=acme&x=1',
    );
    expect(email.text).not.toMatch(/\n{3,}/);
    expect(email.html).toContain(
      '<a href="https://app.vendor.example/settings/integrations/salesforce?c&#x3D;acme&amp;x&#x3D;1"',
    );
    expect(email.html).toContain('>Reconnect Salesforce (EU org)</a>');
    expect(email.html.match(/<li /g)).toHaveLength(email.text.match(/^\d+\. /gm)?.length ?? -1);
    expect(email.html).toContain('Sam Carter');
  });

  it('when the integration is only degraded and no contact or CSM is known, then the wording and greeting adapt', () => {
    const email = templates.renderFixEmail(
      model({ status: 'degraded', contactName: null, csmName: null, errorCode: null, errorMessage: null }),
    );
    expect(email.subject).toBe('Action recommended: Salesforce (EU org) needs attention — Acme GmbH');
    expect(email.text.startsWith('Hi there,\n')).toBe(true);
    expect(email.text).toContain('failing intermittently');
    expect(email.text).not.toContain('last error');
    expect(email.text.trimEnd().endsWith('Your Customer Success team')).toBe(true);
  });

  it('when the error message holds markup, then the HTML part escapes it and the text part keeps it as written', () => {
    const email = templates.renderFixEmail(
      model({ errorMessage: '<script>alert("x")</script>', customerName: 'Acme <b>&</b>' }),
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(email.html).not.toContain('<b>');
    expect(email.text).toContain('<script>alert("x")</script>');
  });

  it('when the reconnect link is not http(s), then rendering refuses it', () => {
    expect(() => templates.renderFixEmail(model({ reconnectUrl: 'javascript:alert(1)' }))).toThrow(EmailError);
  });

  it.each(INTEGRATION_TYPES.map((t) => t.type))(
    'when a %s integration fails, then every failure class renders a complete e-mail and DM steps',
    (type: IntegrationType) => {
      const classes: FailureClass[] = ['auth', 'oauth', 'webhook', 'sso', 'partial', 'silent', 'sync'];
      for (const failureClass of classes) {
        const m = model({
          integrationType: type,
          failureClass,
          integrationLabel: `My ${type}`,
          declaredType: 'NetSuite',
        });
        const email = templates.renderFixEmail(m);
        expect(email.subject).toContain(`My ${type}`);
        expect(email.text).toMatch(/\n1\. \S/);
        expect(email.html).toContain('<li ');
        expect(email.text).not.toMatch(/undefined|null|\[object/);
        const steps = templates.renderSteps(m);
        expect(steps.length).toBeGreaterThanOrEqual(m.steps.length);
        expect(steps.slice(0, m.steps.length)).toEqual(m.steps.map((s) => `• ${s}`));
        for (const line of steps) expect(line.startsWith('• ')).toBe(true);
      }
    },
  );

  it('when a type has its own template, then its steps differ from its category fallback and the generic one', () => {
    const fix = (integrationType: IntegrationType) =>
      templates.renderFixEmail(model({ integrationType, integrationLabel: 'X' })).text;
    expect(fix('okta')).toContain('Okta Admin Console');
    expect(fix('google_workspace')).toContain('Google Workspace’s admin console'.replace('’', "'"));
    expect(fix('dynamics')).toContain('In Microsoft Dynamics, check that the user');
    expect(fix('webhook')).toContain('TLS certificate');
  });
});

describe('troubleshooting steps for the CSM', () => {
  it('when steps are rendered, then they are the given steps plus type-specific lines, as mrkdwn bullets', () => {
    const m = model();
    const steps = templates.renderSteps(m);
    expect(steps.slice(0, m.steps.length)).toEqual(troubleshootingSteps('salesforce', 'oauth').map((s) => `• ${s}`));
    expect(steps.slice(m.steps.length).join('\n')).toContain('frozen');
    expect(templates.renderSteps(model({ integrationType: 'intercom' }))).toEqual(
      troubleshootingSteps('intercom', 'oauth').map((s) => `• ${s}`),
    );
  });

  it('when a step or the declared type holds mrkdwn control characters, then they are escaped', () => {
    const steps = templates.renderSteps(
      model({
        integrationType: 'custom_api',
        declaredType: '<!channel> NetSuite',
        steps: ['Check <https://x|here> & retry'],
      }),
    );
    expect(steps[0]).toBe('• Check &lt;https://x|here&gt; &amp; retry');
    expect(steps.join('\n')).toContain('“&lt;!channel&gt; NetSuite”');
  });
});

describe('strict templates', () => {
  it('when the model lacks a field a template uses, then rendering throws instead of printing a blank', () => {
    const { customerName: _, ...rest } = model();
    expect(() => templates.renderFixEmail(rest as AlertTemplateModel)).toThrow(/customerName/);
    const { errorCode: __, ...noCode } = model({ integrationType: 'custom_api' });
    expect(() => templates.renderSteps(noCode as AlertTemplateModel)).toThrow(/errorCode/);
  });

  it('when a template refers to a field the model does not have, then loading succeeds but the first render throws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'th-templates-'));
    await cp(findTemplatesDir(), dir, { recursive: true });
    const file = join(dir, 'email', 'fix-steps', 'salesforce.hbs');
    writeFileSync(file, `${readFileSync(file, 'utf8')}Ask {{adminName}}.\n`);
    const broken = await loadAlertTemplates(dir);
    expect(() => broken.renderFixEmail(model())).toThrow(/adminName/);
    expect(() => broken.renderFixEmail(model({ integrationType: 'hubspot' }))).not.toThrow();
  });
});
