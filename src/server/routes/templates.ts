/**
 * Board templates: list the stored versions, read one (or the built-in template as a starting
 * point), store a new version (admin, controller), and the template a round uses.
 */
import { PrognosError } from '../../core/errors/index.ts';
import { standardTemplate } from '../../report/index.ts';
import { getTemplate, listTemplates, saveTemplate, type TemplateVersionInfo } from '../../store/templates.ts';
import { actor, authorize, currentUser, orgTree, type App, type Deps } from '../context.ts';
import { rejectBodyControl } from '../input-limits.ts';
import { roundTemplate } from '../round-template.ts';
import { loadRound } from './rounds.ts';

const infoJson = (t: TemplateVersionInfo, boardName: string) => ({
  board: { code: t.board, name: boardName },
  id: t.templateId,
  version: t.version,
  name: t.name,
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  links: { self: `/api/templates/${encodeURIComponent(t.board)}/${encodeURIComponent(t.templateId)}/${t.version}` },
});

const versionOf = (s: string | undefined): number => {
  const v = Number(s);
  if (!Number.isInteger(v) || v < 1) throw new PrognosError('BAD_INPUT', `ogiltig version "${s}"`, { field: 'version' });
  return v;
};

export function registerTemplates(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/templates', async (c) => {
    const u = currentUser(c);
    authorize(u, 'rounds.read');
    const tree = await orgTree(d, u.orgId);
    const board = c.req.query('board') || undefined;
    const versions = await listTemplates(db, u.orgId, board);
    return c.json({ templates: versions.map((t) => infoJson(t, tree.get(t.board)?.name ?? t.board)) });
  });

  /** The built-in template for a board, as JSON to start from (`annual`: the Årsberättelse). */
  app.get('/api/templates/builtin', async (c) => {
    const u = currentUser(c);
    authorize(u, 'rounds.read');
    const tree = await orgTree(d, u.orgId);
    const board = c.req.query('board') ?? '';
    if (!tree.get(board)) throw new PrognosError('BAD_INPUT', `nämnden "${board}" finns inte`, { field: 'board' });
    const level = c.req.query('level') || undefined;
    return c.json({ template: standardTemplate(board, c.req.query('annual') === 'true', level) });
  });

  const readOne = async (board: string, id: string, version: number | undefined, orgId: string) => {
    const tree = await orgTree(d, orgId);
    const { body, ...info } = await getTemplate(db, orgId, board, id, version);
    return { template: infoJson(info, tree.get(board)?.name ?? board), body };
  };

  app.get('/api/templates/:board/:tid', async (c) => {
    const u = currentUser(c);
    authorize(u, 'rounds.read');
    return c.json(await readOne(c.req.param('board'), c.req.param('tid'), undefined, u.orgId));
  });

  app.get('/api/templates/:board/:tid/:version{[0-9]+}', async (c) => {
    const u = currentUser(c);
    authorize(u, 'rounds.read');
    return c.json(await readOne(c.req.param('board'), c.req.param('tid'), versionOf(c.req.param('version')), u.orgId));
  });

  /** The body is the template JSON itself; it is stored as the next version of its id. */
  app.post('/api/templates/:board', async (c) => {
    const u = currentUser(c);
    authorize(u, 'rounds.manage');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new PrognosError('BAD_INPUT', 'mallen ska vara JSON (Content-Type: application/json)');
    }
    rejectBodyControl(body);
    const board = c.req.param('board');
    const stored = await saveTemplate(db, { orgId: u.orgId, board, body, actor: actor(u) });
    const tree = await orgTree(d, u.orgId);
    const { body: _body, ...info } = stored;
    return c.json({ template: infoJson(info, tree.get(board)?.name ?? board) }, 201);
  });

  app.get('/api/rounds/:id{[0-9]+}/template', async (c) => {
    const { round, tree } = await loadRound(d, c);
    const t = await roundTemplate(db, round);
    return c.json({ template: t.stored ? infoJson(t.stored, tree.get(round.board)?.name ?? round.board) : null, body: t.template });
  });
}
