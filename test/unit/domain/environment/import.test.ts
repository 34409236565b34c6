import { describe, expect, it } from '@jest/globals';
import {
  EnvironmentImportError,
  parseEnvironmentImport,
  parseTechnographicsImport,
} from '../../../../src/domain/environment/index.js';

describe('parseTechnographicsImport', () => {
  it('when a CSV lists technologies of several customers, then they are grouped per customer', () => {
    const csv = [
      'customer,customer_id,category,technology,source,detected_at',
      'Acme Corp,,CRM,Salesforce,BuiltWith,2026-03-01',
      ',c42,Support,Zendesk,,',
      'acme  corp,,Marketing,HubSpot,BuiltWith,2026-03-02',
    ].join('\n');
    const r = parseTechnographicsImport(csv);
    expect(r.problems).toEqual([]);
    expect(r.customers).toEqual([
      {
        ref: { customer: 'Acme Corp' },
        lines: [2, 4],
        techStack: [
          { category: 'CRM', technology: 'Salesforce', source: 'BuiltWith', detectedAt: '2026-03-01' },
          { category: 'Marketing', technology: 'HubSpot', source: 'BuiltWith', detectedAt: '2026-03-02' },
        ],
      },
      {
        ref: { customerId: 'c42' },
        lines: [3],
        techStack: [{ category: 'Support', technology: 'Zendesk', source: 'technographics' }],
      },
    ]);
  });

  it('when rows are bad, then each problem names the line and field and the good rows still come through', () => {
    const csv = [
      'customer,category,technology,detected_at',
      'Acme,CRM,,2026-03-01',
      ',CRM,HubSpot,',
      'Acme,CRM,HubSpot,March 2026',
      'Acme,Support,Zendesk,',
    ].join('\n');
    const r = parseTechnographicsImport(csv);
    expect(r.problems).toEqual([
      { line: 2, field: 'technology', message: 'must not be empty' },
      { line: 3, field: 'customer', message: 'a customer name (customer) or id (customerId) is required' },
      { line: 4, field: 'detectedAt', message: 'must be a date like 2024-03-12' },
    ]);
    expect(r.customers.map((c) => c.lines)).toEqual([[5]]);
  });

  it('when the export is JSON, then positions are the lines', () => {
    const r = parseTechnographicsImport(
      JSON.stringify({
        technographics: [{ customerId: 'c1', category: 'CRM', technology: 'Dynamics 365' }, { customerId: 'c1' }],
      }),
    );
    expect(r.customers[0].techStack).toEqual([
      { category: 'CRM', technology: 'Dynamics 365', source: 'technographics' },
    ]);
    expect(r.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'category'],
      [2, 'technology'],
    ]);
  });

  it('when the file cannot be read at all, then one clear error says why', () => {
    expect(() => parseTechnographicsImport('')).toThrow(new EnvironmentImportError('The file is empty'));
    expect(() => parseTechnographicsImport('[{"customer": ')).toThrow(/not valid JSON/);
    expect(() => parseTechnographicsImport('{"rows2": []}')).toThrow(
      /array or an object with "technographics" or "rows"/,
    );
  });
});

describe('parseEnvironmentImport', () => {
  it('when a CSV sets fields for several customers, then each row becomes a patch of only its filled cells', () => {
    const csv = [
      'customer,limits.apiCallsPerMonth,security.mfa,security.sso.enabled,security.sso.provider,compliance.soc2,techStack,technicalContacts',
      'Acme,"1,000,000",enforced,yes,Okta,covered,CRM:Salesforce;Support:Zendesk,Mike Lee|Director|mike@acme.example|high|primary',
      'Globex,,off,,,,,',
    ].join('\n');
    const r = parseEnvironmentImport(csv);
    expect(r.problems).toEqual([]);
    expect(r.customers).toEqual([
      {
        ref: { customer: 'Acme' },
        line: 2,
        patch: {
          limits: { apiCallsPerMonth: 1_000_000 },
          security: { mfa: 'enforced', sso: { enabled: true, provider: 'Okta' } },
          compliance: { soc2: 'covered' },
          techStack: [
            { category: 'CRM', technology: 'Salesforce', source: 'manual' },
            { category: 'Support', technology: 'Zendesk', source: 'manual' },
          ],
          technicalContacts: [
            { name: 'Mike Lee', role: 'Director', email: 'mike@acme.example', technicalLevel: 'high', primary: true },
          ],
        },
      },
      { ref: { customer: 'Globex' }, line: 3, patch: { security: { mfa: 'off' } } },
    ]);
  });

  it('when CSV cells are wrong, then every problem is listed by line and column and that row is left out', () => {
    const csv = [
      'customerId,limits.webhooks,security.ipAllowlist,security.mfa,technicalContacts',
      'c1,ten,maybe,enforced,',
      'c2,5,true,sometimes,Ann|Eng|not-an-email',
      'c3,5,true,optional,',
    ].join('\n');
    const r = parseEnvironmentImport(csv);
    expect(r.problems).toEqual([
      { line: 2, field: 'limits.webhooks', message: 'must be a number' },
      { line: 2, field: 'security.ipAllowlist', message: 'must be true or false' },
      { line: 3, field: 'security.mfa', message: 'must be one of enforced, optional, off' },
      { line: 3, field: 'technicalContacts[0].email', message: 'must be an e-mail address' },
    ]);
    expect(r.customers.map((c) => c.ref)).toEqual([{ customerId: 'c3' }]);
  });

  it('when a CSV has an unknown column, then nothing is read and the column is named', () => {
    const r = parseEnvironmentImport('customer,security.mfaa\nAcme,enforced\n');
    expect(r).toEqual({
      customers: [],
      problems: [
        { line: 1, field: 'security.mfaa', message: 'unknown column (see docs/environment.md for the columns)' },
      ],
    });
  });

  it('when the file is JSON, then each object is validated like a PUT body', () => {
    const r = parseEnvironmentImport(
      JSON.stringify({
        customers: [
          { customer: 'Acme', security: { mfa: 'optional' }, compliance: { gdpr: 'met' } },
          { customer: 'Globex', limits: { rateLimitPerSecond: 0 } },
          { security: { mfa: 'off' } },
          { customer: 'Initech' },
        ],
      }),
    );
    expect(r.customers).toEqual([
      { ref: { customer: 'Acme' }, line: 1, patch: { security: { mfa: 'optional' }, compliance: { gdpr: 'met' } } },
    ]);
    expect(r.problems).toEqual([
      { line: 2, field: 'limits.rateLimitPerSecond', message: 'must be more than 0' },
      { line: 3, field: 'customer', message: 'a customer name (customer) or id (customerId) is required' },
      {
        line: 4,
        field: '(body)',
        message: 'must contain at least one of limits, security, compliance, techStack, technicalContacts',
      },
    ]);
  });
});
