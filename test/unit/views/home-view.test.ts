import { describe, expect, it } from '@jest/globals';
import { buildHomeView } from '../../../views/home-view.js';
import { ACTION } from '../../../views/ids.js';
import { LIMITS } from '../../../views/limits.js';
import { checkBlocks } from '../../support/block-kit-rules.js';

const sectionTexts = (blocks: unknown[]) =>
  blocks.flatMap((b) =>
    (b as { type: string }).type === 'section' ? [(b as { text: { text: string } }).text.text] : [],
  );

describe('buildHomeView', () => {
  it('when the CSM has no customers, then the home tab explains how to start', () => {
    const view = buildHomeView({ customers: [] });
    expect(view.type).toBe('home');
    expect(sectionTexts(view.blocks).join('\n')).toContain('You have no customers assigned yet');
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
  });

  it('when customers have scores, then they are listed worst first and unscored ones last', () => {
    const view = buildHomeView({
      customers: [
        { id: '1', name: 'Acme', latest: { score: 80, status: 'healthy', generatedAt: '2026-01-20T00:00:00Z' } },
        { id: '2', name: 'Globex', latest: null },
        { id: '3', name: 'Initech', latest: { score: 41, status: 'critical', generatedAt: '2026-01-19T00:00:00Z' } },
      ],
    });
    expect(sectionTexts(view.blocks)).toEqual([
      [
        ':red_circle: *Initech* — 41/100 · scored 2026-01-19',
        ':large_green_circle: *Acme* — 80/100 · scored 2026-01-20',
        ':white_circle: *Globex* — not scored yet',
      ].join('\n'),
    ]);
    const buttons = view.blocks.filter((b) => b.type === 'actions');
    expect(JSON.stringify(buttons)).toContain(ACTION.homeRefresh);
  });

  it('when there are 20,000 customers with long names, then the view stays within 100 blocks and counts the rest', () => {
    const customers = Array.from({ length: 20000 }, (_, i) => ({
      id: String(i),
      name: `Customer ${i} ${'x'.repeat(5000)}`,
      latest: { score: i % 100, status: 'at_risk' as const, generatedAt: '2026-01-20T00:00:00Z' },
    }));
    const view = buildHomeView({ customers });
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
    expect(JSON.stringify(view.blocks)).toMatch(/\+\d+ more customers/);
  });
});
