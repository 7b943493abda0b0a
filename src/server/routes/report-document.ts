/**
 * A round's document metadata (title, decided by, date, §, diary number) and its appendix PDFs:
 * read by every reader of the round, changed by those who manage rounds while it is open.
 * An appendix is uploaded as the PDF itself (`Content-Type: application/pdf`, `?title=…&name=…`)
 * or as a form with a `file` field (the web page).
 */
import { PrognosError } from '../../core/errors/index.ts';
import { addAppendix, appendixHref, deleteAppendix, getAppendix, getRoundDocument, listAppendices, saveRoundDocument, type AppendixInfo } from '../../store/report-document.ts';
import { actor, authorize, type App, type Ctx, type Deps } from '../context.ts';
import { rejectBodyControl } from '../input-limits.ts';
import { loadRound } from './rounds.ts';
import { requireOpen } from '../round-lock.ts';
import { RoundDocumentBody } from '../document-schema.ts';


const appendixJson = (roundId: number, a: AppendixInfo) => ({ ...a, links: { self: appendixHref(roundId, a.id) } });

const appendixId = (c: Ctx): number => {
  const n = Number(c.req.param('aid'));
  if (!Number.isSafeInteger(n) || n < 1) throw new PrognosError('BAD_INPUT', 'ogiltig bilaga', { field: 'appendix' });
  return n;
};

/** The uploaded file: the raw PDF body, or the `file` field of a form. */
async function upload(c: Ctx): Promise<{ title: string; fileName: string; content: Uint8Array }> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || file.size === 0) throw new PrognosError('BAD_INPUT', 'välj en PDF-fil att bifoga', { field: 'file' });
    return { title: typeof form.title === 'string' ? form.title : '', fileName: file.name || 'bilaga.pdf', content: new Uint8Array(await file.arrayBuffer()) };
  }
  return { title: c.req.query('title') ?? '', fileName: c.req.query('name') || 'bilaga.pdf', content: new Uint8Array(await c.req.arrayBuffer()) };
}

export function registerReportDocument(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/rounds/:id{[0-9]+}/document', async (c) => {
    const { u, round } = await loadRound(d, c);
    return c.json({ document: await getRoundDocument(db, u.orgId, round.id) });
  });

  app.put('/api/rounds/:id{[0-9]+}/document', async (c) => {
    const { u, round } = await loadRound(d, c);
    authorize(u, 'rounds.manage');
    requireOpen(round);
    let data: unknown;
    try {
      data = await c.req.json();
    } catch {
      throw new PrognosError('BAD_INPUT', 'uppgifterna ska skickas som JSON');
    }
    rejectBodyControl(data);
    const r = RoundDocumentBody.safeParse(data);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const name = issue.code === 'unrecognized_keys' ? issue.keys[0]! : String(issue.path[0] ?? '');
      throw new PrognosError('BAD_INPUT', issue.code === 'unrecognized_keys' ? `okänt fält "${name}"` : `fältet ${name} ska vara text (högst 400 tecken)`, { field: name });
    }
    return c.json({ document: await saveRoundDocument(db, u.orgId, round.id, r.data, actor(u)) });
  });

  app.get('/api/rounds/:id{[0-9]+}/appendices', async (c) => {
    const { u, round } = await loadRound(d, c);
    return c.json({ appendices: (await listAppendices(db, u.orgId, round.id)).map((a) => appendixJson(round.id, a)) });
  });

  app.post('/api/rounds/:id{[0-9]+}/appendices', async (c) => {
    const { u, round } = await loadRound(d, c);
    authorize(u, 'rounds.manage');
    requireOpen(round);
    const file = await upload(c);
    const a = await addAppendix(db, { orgId: u.orgId, roundId: round.id, ...file, actor: actor(u) });
    return c.json({ appendix: appendixJson(round.id, a) }, 201);
  });

  app.get('/api/rounds/:id{[0-9]+}/appendices/:aid{[0-9]+}', async (c) => {
    const { u, round } = await loadRound(d, c);
    const a = await getAppendix(db, u.orgId, round.id, appendixId(c));
    const ascii = a.fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._-]/g, '_');
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `inline; filename="${ascii}"`);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Content-Security-Policy', "sandbox; default-src 'none'");
    return c.body(new Uint8Array(a.content));
  });

  app.delete('/api/rounds/:id{[0-9]+}/appendices/:aid{[0-9]+}', async (c) => {
    const { u, round } = await loadRound(d, c);
    authorize(u, 'rounds.manage');
    requireOpen(round);
    await deleteAppendix(db, u.orgId, round.id, appendixId(c), actor(u));
    return c.body(null, 204);
  });
}
