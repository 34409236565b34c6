import { describe, expect, it } from '@jest/globals';
import {
  editDistance,
  matchCustomer,
  normalizeCustomerName,
  similarity,
} from '../../../../src/domain/customers/match.js';

const customers = [
  { id: '1', name: 'Acme Corp', aliases: ['ACME Widgets'] },
  { id: '2', name: 'Globex International' },
  { id: '3', name: 'Initech' },
  { id: '4', name: 'Acne Labs' },
];

describe('normalizeCustomerName', () => {
  it('when the name has accents, punctuation and a legal suffix, then they are dropped', () => {
    expect(normalizeCustomerName('  Ácme, Corp. ')).toBe('acme');
    expect(normalizeCustomerName('Initech Ltd')).toBe('initech');
  });
  it('when the name is only a suffix word, then it is kept', () => {
    expect(normalizeCustomerName('Co')).toBe('co');
  });
});

describe('editDistance', () => {
  it('when strings differ by one substitution, insertion or deletion, then the distance is 1', () => {
    expect(editDistance('acme', 'acne')).toBe(1);
    expect(editDistance('acme', 'acmee')).toBe(1);
    expect(editDistance('acme', 'acm')).toBe(1);
  });
  it('when one string is empty, then the distance is the other length', () => {
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('when kitten becomes sitting, then the distance is 3 (the textbook example)', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('similarity', () => {
  it('when the name starts with the query, then the similarity is at least 0.9', () => {
    expect(similarity('globex', 'globex international')).toBe(0.9);
  });
  it('when one letter of five differs, then the similarity is 1 - 1/5', () => {
    expect(similarity('acmee', 'acme')).toBeCloseTo(0.8, 10);
  });
});

describe('matchCustomer', () => {
  it('when the query equals a name after normalising, then that customer is the exact match', () => {
    expect(matchCustomer('acme', customers).exact?.id).toBe('1');
    expect(matchCustomer('ACME CORP.', customers).exact?.id).toBe('1');
  });
  it('when the query equals an alias, then that customer is the exact match', () => {
    expect(matchCustomer('acme widgets', customers).exact?.id).toBe('1');
  });
  it('when the query is a typo, then the closest names come first and unrelated ones are dropped', () => {
    const result = matchCustomer('acmee', customers);
    expect(result.exact).toBeNull();
    // "acme": 1 - 1/5 = 0.8; "acne labs": 1 - 6/9 ≈ 0.33 and the rest lower, all under the 0.5 cut.
    expect(result.suggestions.map((s) => s.customer.id)).toEqual(['1']);
  });
  it('when the query is a prefix, then the customer is suggested', () => {
    expect(matchCustomer('glob', customers).suggestions[0].customer.id).toBe('2');
  });
  it('when nothing is close, then there are no suggestions', () => {
    expect(matchCustomer('zzzzzz', customers)).toEqual({ exact: null, suggestions: [] });
  });
  it('when the query is empty, then nothing matches', () => {
    expect(matchCustomer('  ', customers)).toEqual({ exact: null, suggestions: [] });
  });
  it('when many customers are close, then at most `limit` are returned', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ id: String(i), name: `Acme ${i}` }));
    expect(matchCustomer('acme', many, { limit: 3 }).suggestions).toHaveLength(3);
  });
});
