import { describe, expect, it } from '@jest/globals';
import { nameFromFileName } from '../../../src/domain/customers/guess.js';
import { ACTION } from '../../../views/ids.js';
import { chooseCustomerMessage, progressMessage, uploadFailedMessage } from '../../../views/upload-messages.js';
import { checkBlocks } from '../../support/block-kit-rules.js';

describe('upload messages', () => {
  it('when progress is reported, then rows are thousands-separated', () => {
    expect(progressMessage('a.csv', 400000).text).toBe('Processing integration data… parsed 400,000 rows of a.csv');
  });

  it('when an upload fails, then the text carries the reason verbatim and mrkdwn characters are escaped in blocks', () => {
    const m = uploadFailedMessage('a<b>.csv', 'line 3: status must be a number');
    expect(m.text).toBe('I could not score a<b>.csv: line 3: status must be a number');
    expect(JSON.stringify(m.blocks)).toContain('a&lt;b&gt;.csv');
    expect(checkBlocks(m.blocks, 'message')).toBeNull();
  });

  it('when 150 customers are known, then the select menu offers the new name first and stays within 100 options', () => {
    const known = Array.from({ length: 150 }, (_, i) => ({ id: `id${i}`, name: `Customer ${i} ${'x'.repeat(80)}` }));
    const m = chooseCustomerMessage({ fileId: 'F123', fileName: 'zenith.csv', known, newName: 'Zenith' });
    const select = m.blocks[0] as unknown as {
      block_id: string;
      accessory: { action_id: string; options: { value: string; text: { text: string } }[] };
    };
    expect(select.block_id).toBe('upload:F123');
    expect(select.accessory.action_id).toBe(ACTION.uploadChooseCustomer);
    expect(select.accessory.options).toHaveLength(100);
    expect(select.accessory.options[0]).toEqual({
      text: { type: 'plain_text', text: 'New customer: Zenith' },
      value: 'new:Zenith',
    });
    expect(select.accessory.options.every((o) => o.text.text.length <= 75)).toBe(true);
    expect(checkBlocks(m.blocks, 'message')).toBeNull();
  });
});

describe('nameFromFileName', () => {
  it('when the file is named like acme_api_logs_jan2026.json, then the first word becomes the customer', () => {
    expect(nameFromFileName('acme_api_logs_jan2026.json')).toBe('Acme');
    expect(nameFromFileName('globex-export.csv')).toBe('Globex');
  });
  it('when the first word is generic or a number, then there is no guess', () => {
    expect(nameFromFileName('api_logs.csv')).toBeNull();
    expect(nameFromFileName('2026_export.csv')).toBeNull();
  });
});
