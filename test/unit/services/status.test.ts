import { describe, expect, it } from '@jest/globals';
import { checkStatus, type DependencyCheck, toHealthJson } from '../../../src/services/status.js';

const ok = (name: string, essential: boolean): DependencyCheck => ({
  name,
  essential,
  run: async () => ({ status: 'connected', message: 'ok' }),
});
const off = (name: string): DependencyCheck => ({
  name,
  essential: false,
  run: async () => ({ status: 'not_configured', message: 'set X' }),
});
const broken = (name: string, essential: boolean): DependencyCheck => ({
  name,
  essential,
  run: async () => {
    throw new Error('boom');
  },
});
const hung = (name: string): DependencyCheck => ({ name, essential: false, run: () => new Promise(() => {}) });
const now = () => new Date('2026-01-05T10:00:00Z');

describe('checkStatus', () => {
  it('when everything is connected or deliberately not configured, then overall is healthy', async () => {
    const s = await checkStatus([ok('slack', true), ok('mongodb', true), off('google')], { now });
    expect(s.overall_status).toBe('healthy');
    expect(s.last_checked).toBe('2026-01-05T10:00:00.000Z');
    expect(s.integrations.google).toMatchObject({ status: 'not_configured', message: 'set X' });
  });

  it('when only an optional dependency fails, then overall is degraded; when an essential one fails, partial', async () => {
    expect((await checkStatus([ok('slack', true), broken('google', false)], { now })).overall_status).toBe('degraded');
    const s = await checkStatus([broken('slack', true), broken('google', false)], { now });
    expect(s.overall_status).toBe('partial');
    expect(s.integrations.slack).toMatchObject({ status: 'error', message: 'boom' });
  });

  it('when a check hangs, then it is an error after its timeout and the others still answer', async () => {
    const started = Date.now();
    const s = await checkStatus([ok('mongodb', true), hung('scheduler')], { timeoutMs: 50, now });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(s.integrations.scheduler).toMatchObject({ status: 'error', message: 'no answer within 50 ms' });
    expect(s.integrations.mongodb.status).toBe('connected');
  });

  it('when rendered as health+json, then healthy/degraded/partial become pass/warn/fail and errors fail their check', async () => {
    const s = await checkStatus([ok('mongodb', true), broken('google', false)], { now });
    const h = toHealthJson(s) as { status: string; checks: Record<string, { status: string; output?: string }[]> };
    expect(h.status).toBe('warn');
    expect(h.checks['mongodb:connection'][0].status).toBe('pass');
    expect(h.checks['google:connection'][0]).toMatchObject({ status: 'fail', output: 'error: boom' });
  });
});
