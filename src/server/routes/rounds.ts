/**
 * Follow-up rounds: list, open, read, change, publish; each unit's workflow
 * open → submitted → approved (and back to open by the controller).
 */
import { ACCOUNT_GROUPS, isBoard, type OrgTree } from '../../core/domain/index.ts';
import { DEFAULT_PLAUSIBILITY_MULTIPLE } from '../../core/entry/index.ts';
import { PrognosError } from '../../core/errors/index.ts';
import { can } from '../../core/permissions/index.ts';
import { reportTitle } from '../../report/index.ts';
import { writeAudit } from '../../store/audit.ts';
import {
  createRound,
  getRound,
  getRoundUnit,
  listRounds,
  publishRound,
  roundUnits,
  transitionUnit,
  updateRound,
  type RoundRecord,
  type RoundUnitRecord,
  type UnitStatus,
} from '../../store/rounds.ts';
import { actor, authorize, check, currentUser, orgTree, pathOf, readBody, roundId, type App, type Ctx, type Deps, type SessionUser } from '../context.ts';
import { conflict } from '../errors.ts';
import { commentRequired, linesByUnit, missingCells, unitLines } from '../forecast.ts';
import { MissingDecisionBody, PublishBody, RoundCreateBody, RoundUpdateBody } from '../schemas.ts';
import { checkRoundReport, findingJson } from '../round-check.ts';
import { z } from 'zod';

export const ReopenBody = z.object({ reason: z.string({ message: 'skriv varför enheten återöppnas' }).trim().min(1, { message: 'skriv varför enheten återöppnas' }).max(2000, { message: 'skälet får vara högst 2 000 tecken' }) });
import { buildRoundReport, freeze } from '../round-report.ts';
import { lockOpenRound, lockRoundForChange, requireOpen } from '../round-lock.ts';
import { chooseTemplate } from '../round-template.ts';
import { storedFormats } from '../../store/published-render.ts';
import { toUnit } from '../../core/money/index.ts';

export const UNIT_STATUS_NAMES: Record<UnitStatus, string> = { open: 'Öppen', submitted: 'Inlämnad', approved: 'Godkänd' };

const tkrOf = (ore: bigint): number => toUnit({ num: ore, den: 1n });

/** The round, its tree and the unit (checked to be one of the round's) — or NOT_FOUND. */
export async function loadRound(d: Deps, c: Ctx): Promise<{ u: SessionUser; round: RoundRecord; tree: OrgTree }> {
  const u = currentUser(c);
  authorize(u, 'rounds.read');
  const round = await getRound(d.store.db, u.orgId, roundId(c));
  return { u, round, tree: await orgTree(d, u.orgId) };
}

export async function loadRoundUnit(d: Deps, c: Ctx): Promise<{ u: SessionUser; round: RoundRecord; tree: OrgTree; unit: RoundUnitRecord; path: string[] }> {
  const r = await loadRound(d, c);
  const code = c.req.param('code') ?? '';
  const unit = await getRoundUnit(d.store.db, r.round, code);
  return { ...r, unit, path: pathOf(r.tree, code) };
}


export const visibleUnits = (u: SessionUser, tree: OrgTree, units: readonly RoundUnitRecord[]): RoundUnitRecord[] =>
  units.filter((x) => can(u, 'forecast.read', pathOf(tree, x.unitCode)));

export function roundSummary(round: RoundRecord, tree: OrgTree, units: readonly RoundUnitRecord[]) {
  const board = tree.get(round.board);
  const count = (s: UnitStatus): number => units.filter((x) => x.status === s).length;
  return {
    id: round.id,
    board: { code: round.board, name: board?.name ?? round.board },
    year: round.year,
    period: round.period,
    name: round.name,
    title: reportTitle(round.year, round.period, round.name, board?.name ?? round.board),
    deadline: round.deadline,
    level: round.level,
    byActivity: round.byActivity,
    method: round.method,
    thresholdTkr: tkrOf(round.thresholdOre),
    sign: round.reportOptions.sign,
    prevPeriod: round.reportOptions.prevPeriod ?? round.period,
    groupLevel: round.reportOptions.groupLevel ?? null,
    plausibilityMultiple: round.reportOptions.plausibilityMultiple ?? DEFAULT_PLAUSIBILITY_MULTIPLE,
    template: round.template,
    status: round.status,
    archived: round.archivedAt !== null,
    createdBy: round.createdBy,
    createdAt: round.createdAt,
    publishedBy: round.publishedBy,
    publishedAt: round.publishedAt,
    version: round.version,
    progress: { total: units.length, open: count('open'), submitted: count('submitted'), approved: count('approved') },
    links: {
      self: `/api/rounds/${round.id}`,
      report: `/api/rounds/${round.id}/report.html`,
      published: round.status === 'published' ? `/published/${round.id}/report.html` : null,
    },
  };
}

export function unitJson(u: SessionUser, round: RoundRecord, tree: OrgTree, x: RoundUnitRecord) {
  const path = pathOf(tree, x.unitCode);
  const open = round.status === 'open';
  return {
    code: x.unitCode,
    name: tree.get(x.unitCode)?.name ?? x.unitCode,
    status: x.status,
    statusName: UNIT_STATUS_NAMES[x.status],
    submittedBy: x.submittedBy,
    submittedAt: x.submittedAt,
    approvedBy: x.approvedBy,
    approvedAt: x.approvedAt,
    comment: { text: x.comment, version: x.commentVersion, updatedBy: x.commentBy, updatedAt: x.commentAt },
    reopened: x.reopenedBy ? { reason: x.reopenReason ?? '', by: x.reopenedBy, at: x.reopenedAt } : null,
    permissions: {
      edit: open && x.status === 'open' && can(u, 'forecast.write', path),
      submit: open && x.status === 'open' && can(u, 'units.submit', path),
      approve: open && x.status === 'submitted' && can(u, 'units.review', path),
      reopen: open && x.status !== 'open' && can(u, 'units.review', path),
    },
  };
}

export async function roundDetail(d: Deps, u: SessionUser, round: RoundRecord, tree: OrgTree) {
  const all = await roundUnits(d.store.db, round);
  const units = visibleUnits(u, tree, all);
  const boardPath = pathOf(tree, round.board);
  const open = round.status === 'open';
  const publish = open && can(u, 'rounds.manage') && all.every((x) => x.status === 'approved');
  return {
    round: {
      ...roundSummary(round, tree, units),
      // Before publishing: how many cells of which units have no forecast (publishing them needs a decision).
      missingForecasts: publish ? await missingByUnit(d, round, tree, all) : null,
      units: units.map((x) => unitJson(u, round, tree, x)),
      permissions: {
        manage: open && can(u, 'rounds.manage'),
        archive: can(u, 'rounds.manage'),
        publish,
        readContent: can(u, 'content.read', boardPath),
        editContent: open && can(u, 'content.write', boardPath),
        previewReport: can(u, 'report.preview', boardPath),
        readAudit: can(u, 'audit.read'),
      },
      renderings: round.status === 'published' ? await renderings(d, round) : null,
    },
  };
}

async function missingByUnit(d: Deps, round: RoundRecord, tree: OrgTree, units: readonly RoundUnitRecord[]) {
  const lines = await linesByUnit(d.store.db, round, tree, units.map((x) => x.unitCode));
  const per = [...lines].map(([code, ls]) => ({ code, name: tree.get(code)?.name ?? code, cells: missingCells(ls) })).filter((x) => x.cells > 0);
  return { cells: per.reduce((n, x) => n + x.cells, 0), units: per };
}

/** A published round's formats: stored (ready to download as they are) or still being rendered. */
async function renderings(d: Deps, round: RoundRecord): Promise<{ ready: string[]; pending: string[] }> {
  return { ready: await storedFormats(d.store.db, round.orgId, round.id), pending: d.renders.pending(round.orgId, round.id) };
}

/** The optional JSON body of a submit or publish (`{ allowMissing: true }` goes on with forecasts not entered). */
async function optionalBody<T extends object>(c: Ctx, schema: z.ZodType<T>): Promise<Partial<T>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new PrognosError('BAD_INPUT', 'förfrågan ska ha en JSON-kropp (Content-Type: application/json)');
  }
  return check(schema, data);
}

/** The first findings' messages, for an error message that stays readable (all are in its details). */
const briefly = (fs: ReadonlyArray<{ message: string }>): string =>
  fs.slice(0, 3).map((f) => f.message.replace(/\.$/, '')).join('; ') + (fs.length > 3 ? `; och ${fs.length - 3} till` : '');

const cellsWord = (n: number): string => (n === 1 ? '1 cell' : `${n} celler`);

export function registerRounds(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/rounds', async (c) => {
    const u = currentUser(c);
    authorize(u, 'rounds.read');
    const tree = await orgTree(d, u.orgId);
    // Archived rounds only when asked for (`?archived=1`): they stay readable by their address.
    const withArchived = c.req.query('archived') === '1';
    const rounds = (await listRounds(db, u.orgId)).filter((r) => withArchived || r.archivedAt === null);
    const out = [];
    for (const r of rounds) out.push(roundSummary(r, tree, visibleUnits(u, tree, await roundUnits(db, r))));
    return c.json({ rounds: out });
  });

  app.post('/api/rounds', async (c) => {
    const u = currentUser(c);
    authorize(u, 'rounds.manage');
    const body = await readBody(c, RoundCreateBody);
    const tree = await orgTree(d, u.orgId);
    const board = tree.get(body.board);
    if (!board) throw new PrognosError('BAD_INPUT', `enheten ${body.board} finns inte`, { field: 'board' });
    if (!isBoard(board)) {
      throw new PrognosError('BAD_INPUT', `${body.board} ${board.name} är ingen nämnd eller styrelse; välj omgångens nämnd eller styrelse (board)`, { field: 'board' });
    }
    const within = body.within ?? body.board;
    if (!tree.get(within) || !pathOf(tree, within).includes(body.board)) {
      throw new PrognosError('BAD_INPUT', `enheten ${within} finns inte under ${body.board}`, { field: 'within' });
    }
    const units = tree
      .subtree(within)
      .filter((x) => x.level === body.level && x.code !== body.board)
      .map((x) => x.code);
    if (units.length === 0) throw new PrognosError('BAD_INPUT', `det finns inga enheter på nivån ${body.level} under ${within}`, { field: 'level' });
    const template = await chooseTemplate(db, u.orgId, body.board, body.template);
    const round = await db.transaction(async (tx) => {
      const r = await createRound(tx, {
        template,
        orgId: u.orgId,
        board: body.board,
        year: body.year,
        period: body.period,
        name: body.name,
        deadline: body.deadline,
        level: body.level,
        byActivity: body.byActivity,
        method: body.method,
        thresholdOre: BigInt(body.thresholdTkr) * 100_000n,
        reportOptions: { sign: body.sign, ...(body.prevPeriod !== undefined ? { prevPeriod: body.prevPeriod } : {}), ...(body.groupLevel ? { groupLevel: body.groupLevel } : {}), ...(body.plausibilityMultiple !== undefined ? { plausibilityMultiple: body.plausibilityMultiple } : {}) },
        units,
        createdBy: u.username,
      });
      await writeAudit(tx, {
        orgId: u.orgId,
        actor: actor(u),
        action: 'round.create',
        entity: 'round',
        entityKey: `${r.board}/${r.year}/${r.name}`,
        roundId: r.id,
        new: { ...body, template, units },
      });
      return r;
    });
    d.notify.emit({ kind: 'round.opened', orgId: u.orgId, roundId: round.id, by: u.username });
    return c.json(await roundDetail(d, u, round, tree), 201);
  });

  app.get('/api/rounds/:id{[0-9]+}', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    return c.json(await roundDetail(d, u, round, tree));
  });

  app.patch('/api/rounds/:id{[0-9]+}', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    authorize(u, 'rounds.manage');
    requireOpen(round);
    const body = await readBody(c, RoundUpdateBody);
    const { after } = await db.transaction(async (tx) => {
      await lockRoundForChange(tx, round);
      const r = await updateRound(tx, u.orgId, round.id, body.version, {
        ...(body.deadline !== undefined ? { deadline: body.deadline } : {}),
        ...(body.method !== undefined ? { method: body.method } : {}),
        ...(body.thresholdTkr !== undefined ? { thresholdOre: BigInt(body.thresholdTkr) * 100_000n } : {}),
      });
      const view = (x: RoundRecord) => ({ deadline: x.deadline, method: x.method, thresholdTkr: tkrOf(x.thresholdOre) });
      await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'round.update', entity: 'round', entityKey: `${r.after.board}/${r.after.year}/${r.after.name}`, roundId: round.id, old: view(r.before), new: view(r.after) });
      return r;
    });
    return c.json(await roundDetail(d, u, after, tree));
  });

  app.post('/api/rounds/:id{[0-9]+}/publish', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    authorize(u, 'rounds.manage');
    requireOpen(round);
    const decision = await optionalBody(c, PublishBody);
    // One transaction holds the round exclusively from the first check to the commit, and the
    // report is built inside it: every write that needs the round open waits for it, so what is
    // published is what was stored when the round was locked (issue 12 #2).
    const { published, frozen } = await db.transaction(async (tx) => {
      const r = await lockRoundForChange(tx, round);
      const pending = (await roundUnits(tx, r)).filter((x) => x.status !== 'approved').map((x) => x.unitCode);
      if (pending.length > 0) {
        throw conflict(`alla enheter måste vara godkända innan omgången publiceras; inte godkända: ${pending.join(', ')}`, undefined, { notApproved: pending });
      }
      const model = freeze(await buildRoundReport({ store: d.store.within(tx) }, r));
      // Forecasts not entered are published only by an explicit decision, recorded in the audit log.
      const missing = model.report.missingForecasts ?? [];
      const missingTotal = missing.reduce((n, m) => n + m.cells, 0);
      if (missingTotal > 0 && !decision.allowMissing) {
        throw conflict(
          `${cellsWord(missingTotal)} i ${missing.length === 1 ? 'en enhet' : `${missing.length} enheter`} saknar prognos (ej angivna): ${missing.map((m) => `${m.unit} ${m.name}`).join(', ')}. ` +
            'Fyll i dem, eller publicera ändå och bekräfta att prognoserna saknas; rapporten visar dem då tomma.',
          'allowMissing',
          { missingCells: missingTotal, units: missing },
        );
      }
      // `prognos check` gates the publish: errors block, warnings need an acknowledgement.
      const found = checkRoundReport(model, r);
      if (found.errors.length > 0) {
        throw conflict(
          `kontrollen hittade ${found.errors.length === 1 ? 'ett fel' : `${found.errors.length} fel`} i rapporten som måste rättas innan den publiceras (${briefly(found.errors)})`,
          'check',
          { errors: found.errors.map(findingJson), warnings: found.warnings.map(findingJson) },
        );
      }
      if (found.warnings.length > 0 && !decision.acknowledgeWarnings) {
        throw conflict(
          `kontrollen gav ${found.warnings.length === 1 ? 'en varning' : `${found.warnings.length} varningar`} (${briefly(found.warnings)}). Läs dem och bekräfta att rapporten ska publiceras ändå; bekräftelsen och varningarna loggas.`,
          'acknowledgeWarnings',
          { errors: [], warnings: found.warnings.map(findingJson) },
        );
      }
      const p = await publishRound(tx, r, model, u.username);
      await writeAudit(tx, {
        orgId: u.orgId,
        actor: actor(u),
        action: 'round.publish',
        entity: 'round',
        entityKey: `${r.board}/${r.year}/${r.name}`,
        roundId: r.id,
        old: { status: 'open' },
        new: {
          status: 'published',
          ...(missingTotal > 0 ? { missingCells: missingTotal, allowMissing: true } : {}),
          ...(found.warnings.length > 0 ? { acknowledgedWarnings: found.warnings.map((f) => f.message) } : {}),
        },
      });
      return { published: p, frozen: model };
    });
    // Every format is rendered once from the frozen model, right after, and stored.
    d.renders.start(u.orgId, published.id, frozen);
    return c.json(await roundDetail(d, u, published, tree));
  });

  /** What `prognos check` finds in the round's report as it is now (what publishing will run). */
  app.get('/api/rounds/:id{[0-9]+}/check', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    authorize(u, 'report.preview', pathOf(tree, round.board));
    const found = checkRoundReport(await buildRoundReport(d, round), round);
    return c.json({ errors: found.errors.map(findingJson), warnings: found.warnings.map(findingJson) });
  });

  /** One workflow step of a unit. */
  const step = (name: 'submit' | 'approve' | 'reopen', from: UnitStatus[], to: UnitStatus) =>
    app.post(`/api/rounds/:id{[0-9]+}/units/:code/${name}`, async (c) => {
      const { u, round, tree, unit, path } = await loadRoundUnit(d, c);
      authorize(u, name === 'submit' ? 'units.submit' : 'units.review', path);
      requireOpen(round);
      // A reopening says why (kept in the audit log, shown to the unit and sent to its editors).
      let reason: string | undefined;
      if (name === 'reopen' && unit.status !== 'open') {
        reason = (await readBody(c, ReopenBody)).reason;
      }
      const decision = name === 'submit' ? await optionalBody(c, MissingDecisionBody) : {};
      let missing = 0;
      // The round's state, the unit's state and, on submit, its cells and comment are read where the
      // step is written, with the round held shared and the unit row exclusively: a cell or comment
      // saved at the same moment comes wholly before or after (issue 12 #2: 3/30 submitted without
      // the required comment).
      const r = await db.transaction(async (tx) => {
        await lockOpenRound(tx, round);
        const cur = await getRoundUnit(tx, round, unit.unitCode, true);
        if (name === 'submit' && cur.status === 'open') {
          const lines = await unitLines(tx, round, tree, unit.unitCode);
          missing = missingCells(lines);
          if (missing > 0 && !decision.allowMissing) {
            const which = lines.filter((l) => l.missing).map((l) => `${l.figures.group} ${ACCOUNT_GROUPS[l.figures.group]}${l.figures.activity ? ` (${l.figures.activity})` : ''}`);
            throw conflict(
              `${cellsWord(missing)} saknar prognos (ej angivna): ${which.join(', ')}. Fyll i dem, eller skicka in ändå och bekräfta att prognosen saknas.`,
              'allowMissing',
              { missingCells: missing },
            );
          }
          const need = commentRequired(round, lines);
          if (need.required && cur.comment.trim() === '') {
            throw new PrognosError(
              'BAD_INPUT',
              `en kommentar krävs: avvikelsen ${tkrOf(need.varianceOre)} tkr är större än gränsen ${tkrOf(round.thresholdOre)} tkr`,
              { field: 'comment' },
              { details: { varianceTkr: tkrOf(need.varianceOre), thresholdTkr: tkrOf(round.thresholdOre) } },
            );
          }
        }
        const t = await transitionUnit(tx, round, unit.unitCode, from, to, u.username, reason);
        if (t.ok) {
          await writeAudit(tx, {
            orgId: u.orgId,
            actor: actor(u),
            action: `unit.${name}`,
            entity: 'round_unit',
            entityKey: unit.unitCode,
            roundId: round.id,
            unitCode: unit.unitCode,
            old: { status: t.before.status },
            new: { status: t.after.status, ...(reason !== undefined ? { reason } : {}), ...(missing > 0 ? { missingCells: missing, allowMissing: true } : {}) },
          });
        }
        return t;
      });
      if (!r.ok) {
        throw conflict(
          `enheten ${unit.unitCode} är ${UNIT_STATUS_NAMES[r.current.status].toLowerCase()}; det går inte att ${name === 'submit' ? 'lämna in den' : name === 'approve' ? 'godkänna den' : 'återöppna den'}`,
          'status',
          { status: r.current.status },
        );
      }
      const event = { orgId: u.orgId, roundId: round.id, unitCode: unit.unitCode, by: u.username };
      d.notify.emit(name === 'reopen' ? { kind: 'unit.reopened', ...event, reason: reason ?? '' } : { kind: name === 'submit' ? 'unit.submitted' : 'unit.approved', ...event });
      return c.json({ unit: unitJson(u, round, tree, r.after) });
    });
  step('submit', ['open'], 'submitted');
  step('approve', ['submitted'], 'approved');
  step('reopen', ['submitted', 'approved'], 'open');
}
