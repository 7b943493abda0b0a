/** The change logs of a unit and of a round. */
import type { Ctx } from '../../server/context.ts';
import { AUDIT_PAGE_SIZE, auditBody } from '../pages/audit.ts';
import type { AuditEntry } from '../types.ts';
import { type Kit, enc, int } from './kit.ts';

export function registerAuditPages(k: Kit): void {
  const { app, page, loadRound, roundPage } = k;

  const auditQuery = (c: Ctx) => {
    const before = int(c.req.query('fore'));
    return before !== undefined ? `?before=${before}` : '';
  };
  const older = (c: Ctx, entries: AuditEntry[]) => (entries.length >= AUDIT_PAGE_SIZE ? `${new URL(c.req.url).pathname}?fore=${entries[entries.length - 1]!.id}` : null);

  app.get(
    '/rounds/:id{[0-9]+}/units/:code/audit',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const code = c.req.param('code')!;
      const [{ entries }, round] = await Promise.all([v.api.get<{ entries: AuditEntry[] }>(`/api/rounds/${id}/units/${enc(code)}/audit${auditQuery(c)}`), loadRound(v, id)]);
      const unit = round.units.find((u) => u.code === code);
      const name = unit ? `${unit.code} ${unit.name}` : code;
      const body = auditBody({ heading: `Ändringslogg för ${name}`, intro: 'Varje ändring av enhetens prognos, kommentar och status: vem, när, före och efter. Nyast först.', entries, olderHref: older(c, entries) });
      return roundPage(c, v, round, 'units', `Ändringslogg ${name}`, body, [{ label: `Prognos ${name}`, href: `/rounds/${id}/units/${enc(code)}` }, { label: 'Ändringslogg' }]);
    }),
  );

  app.get(
    '/rounds/:id{[0-9]+}/audit',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const [{ entries }, round] = await Promise.all([v.api.get<{ entries: AuditEntry[] }>(`/api/rounds/${id}/audit${auditQuery(c)}`), loadRound(v, id)]);
      const body = auditBody({ heading: 'Ändringslogg', intro: 'Alla ändringar i uppföljningstillfället: prognoser, kommentarer, status, mål, åtgärder och texter. Nyast först.', entries, olderHref: older(c, entries) });
      return roundPage(c, v, round, 'audit', 'Ändringslogg', body);
    }),
  );
}
