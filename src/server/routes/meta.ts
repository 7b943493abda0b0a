/** The API document, a health check, the organisation's units and the forecast methods. */
import { METHOD_IDS, METHODS } from '../../core/forecast/index.ts';
import { currentUser, orgTree, type App, type Deps } from '../context.ts';
import { openApiDocument } from '../openapi.ts';

export function registerMeta(app: App, d: Deps): void {
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));

  app.get('/api/health', async (c) => {
    await d.store.db.query('SELECT 1');
    return c.json({ ok: true, database: d.store.db.kind });
  });

  app.get('/api/forecast-methods', (c) => {
    currentUser(c);
    return c.json({ methods: METHOD_IDS.map((id) => ({ id, name: METHODS[id].name, description: METHODS[id].description, needs: METHODS[id].needs })) });
  });

  /** The organisation's units in tree order (parents before children). */
  app.get('/api/units', async (c) => {
    const u = currentUser(c);
    const tree = await orgTree(d, u.orgId);
    const roots = tree.units.filter((x) => x.parent === null || !tree.get(x.parent)).sort((a, b) => a.sortOrder - b.sortOrder);
    const ordered = roots.flatMap((r) => tree.subtree(r.code));
    return c.json({
      units: ordered.map((x) => ({ code: x.code, name: x.name, parent: x.parent, level: x.level, budgetLevel: x.budgetLevel })),
      levels: [...new Set(ordered.map((x) => x.level))],
    });
  });
}
