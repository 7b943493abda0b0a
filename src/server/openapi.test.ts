import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { openApiDocument, toOpenApiPath } from './openapi.ts';
import { Client, demoWorld, type World } from '../../test/support/server.ts';

describe.each(testBackends())('the API document (%s)', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await demoWorld(backend);
  });
  afterAll(() => w?.close());

  const registered = (): string[] =>
    [...new Set(w.app.routes.filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/published/'))).map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`))].sort();

  it('documents every registered route, and nothing that is not registered', async () => {
    const doc = (await new Client(w.app).get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .sort();
    expect(registered().length).toBeGreaterThan(30);
    expect(documented).toEqual(registered());
  });

  it('takes the request bodies from the schemas the server validates with', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required?: string[] } }> } }>> };
    const cell = doc.paths['/api/rounds/{id}/units/{code}/forecast']!.put!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(cell.properties)).toEqual(['group', 'activity', 'amountOre', 'amountText', 'confirm', 'version']);
    expect(cell.required).toEqual(['group', 'version']);
  });
});
