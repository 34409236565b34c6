import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseEnvironmentImport, parseTechnographicsImport } from '../../../../src/domain/environment/index.js';

const example = (name: string) => readFileSync(new URL(`../../../../docs/examples/${name}`, import.meta.url), 'utf8');

describe('docs/examples', () => {
  it('when the documented environment files are imported, then both formats read without problems and agree', () => {
    const json = parseEnvironmentImport(example('environment-import.json'));
    const csv = parseEnvironmentImport(example('environment-import.csv'));
    expect(json.problems).toEqual([]);
    expect(csv.problems).toEqual([]);
    expect(json.customers.map((c) => c.ref)).toEqual([
      { customer: 'Acme Corp' },
      { customerId: '65f0c0ffee0000000000beef' },
    ]);
    expect(csv.customers[0].patch.security).toEqual(json.customers[0].patch.security);
    expect(csv.customers[0].patch.technicalContacts).toEqual(json.customers[0].patch.technicalContacts);
  });

  it('when the documented technographics export is imported, then it groups two customers', () => {
    const r = parseTechnographicsImport(example('technographics.csv'));
    expect(r.problems).toEqual([]);
    expect(r.customers.map((c) => [c.ref, c.techStack.length])).toEqual([
      [{ customer: 'Acme Corp' }, 3],
      [{ customer: 'Globex' }, 1],
    ]);
  });
});
