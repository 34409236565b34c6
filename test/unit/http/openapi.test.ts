import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import type { Route } from '../../../src/http/common.js';
import { openApiDocument } from '../../../src/http/openapi.js';

const handler = () => undefined;

describe('openApiDocument', () => {
  it('when routes carry zod bodies and path params, then the document has OpenAPI paths, parameters and JSON Schema bodies', () => {
    const routes: Route[] = [
      {
        path: '/api/things/:thingId/runs',
        method: ['POST'],
        doc: {
          summary: 'Run a thing',
          body: z.object({ type: z.enum(['a', 'b']).optional(), n: z.number().int() }).strict(),
        },
        handler,
      },
      { path: '/healthz', method: ['GET', 'HEAD'], doc: { summary: 'Alive', auth: 'none' }, handler },
    ];
    const doc = openApiDocument(routes, { version: '1.2.3' });
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths['/api/things/{thingId}/runs'].post as {
      parameters: { name: string; in: string }[];
      requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } };
      security: unknown[];
    };
    expect(op.parameters).toEqual([expect.objectContaining({ name: 'thingId', in: 'path' })]);
    expect(op.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['n'],
      additionalProperties: false,
      properties: { type: { enum: ['a', 'b'] }, n: { type: 'integer' } },
    });
    expect(op.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths['/healthz'])).toEqual(['get']);
    expect((doc.paths['/healthz'].get as { security: unknown[] }).security).toEqual([]);
  });
  it('when a route has no summary, then building the document fails and names it', () => {
    const bad = [{ path: '/api/secret', method: 'GET', doc: { summary: '' }, handler }] as Route[];
    expect(() => openApiDocument(bad, { version: '0' })).toThrow('/api/secret');
  });
});
