/** The board templates page (admin, controller): list with versions, download JSON, upload JSON. */
import type { Ctx } from '../../server/context.ts';
import { ApiError } from '../api.ts';
import { templatesBody, type TemplateInfo, type UploadError } from '../pages/templates.ts';
import type { UnitInfo } from '../types.ts';
import { type Kit, type View, enc, okMessage, statusOf } from './kit.ts';

const forbidden = () => new ApiError(403, { code: 'FORBIDDEN', message: 'bara controller och administratör kan hantera rapportmallar' });

/** A JSON file to save: the body as the API gives it, pretty-printed, as an attachment. */
function download(c: Ctx, name: string, body: unknown): Response {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._-]/g, '_');
  c.header('Content-Type', 'application/json; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${ascii}"`);
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(`${JSON.stringify(body, null, 2)}\n`);
}

export function registerTemplatePages(k: Kit): void {
  const { app, send, page } = k;

  const view = async (c: Ctx, v: View, error?: UploadError, board?: string, status = 200) => {
    if (!v.me.permissions.includes('rounds.manage')) throw forbidden();
    const [{ templates }, { units }] = await Promise.all([v.api.get<{ templates: TemplateInfo[] }>('/api/templates'), v.api.get<{ units: UnitInfo[] }>('/api/units')]);
    const body = templatesBody({ csrf: v.me.csrfToken, templates, units, message: okMessage(c), ...(error ? { error } : {}), ...(board ? { board } : {}) });
    return send(c, { title: 'Rapportmallar', assets: v.urls, me: v.me, section: 'templates', breadcrumbs: [{ label: 'Rapportmallar' }], body, wide: true }, status);
  };

  app.get('/templates', page((c, v) => view(c, v)));

  app.get(
    '/templates/download',
    page(async (c, v) => {
      const board = c.req.query('board') ?? '';
      const id = c.req.query('id') ?? '';
      const version = c.req.query('version') ?? '';
      const r = await v.api.get<{ body: unknown }>(`/api/templates/${enc(board)}/${enc(id)}${/^\d+$/.test(version) ? `/${version}` : ''}`);
      return download(c, `mall-${board}-${id}-v${version}.json`, r.body);
    }),
  );

  app.get(
    '/templates/builtin',
    page(async (c, v) => {
      const board = c.req.query('board') ?? '';
      const annual = c.req.query('annual') === 'true';
      const r = await v.api.get<{ template: unknown }>(`/api/templates/builtin?board=${enc(board)}&annual=${annual}`);
      return download(c, `mall-${board}-${annual ? 'arsberattelse' : 'delarsrapport'}-inbyggd.json`, r.template);
    }),
  );

  app.post(
    '/templates',
    page(async (c, v) => {
      if (!v.me.permissions.includes('rounds.manage')) throw forbidden();
      const form = await c.req.parseBody();
      const board = typeof form.board === 'string' ? form.board : '';
      const file = form.file;
      try {
        if (!(file instanceof File) || file.size === 0) throw new ApiError(400, { code: 'BAD_INPUT', field: 'file', message: 'välj mallens JSON-fil' });
        let data: unknown;
        try {
          data = JSON.parse(await file.text());
        } catch (e) {
          throw new ApiError(400, { code: 'BAD_INPUT', field: 'file', message: `filen ${file.name} är inte giltig JSON (${(e as Error).message})` });
        }
        const r = await v.api.send<{ template: TemplateInfo }>('POST', `/api/templates/${enc(board)}`, data);
        return c.redirect(`/templates?ok=template-saved&enhet=${enc(r.template.board.code)}&n=${r.template.version}`, 303);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403) throw e;
        const problems = Array.isArray(e.error.problems) ? (e.error.problems as UploadError['problems']) : undefined;
        // The API's message names the file's path and field; the field of the page is the file input.
        const error: UploadError = { message: e.error.message, field: e.error.field === 'board' ? 'board' : 'file', ...(problems ? { problems } : {}) };
        return view(c, v, error, board, statusOf(e));
      }
    }),
  );
}
