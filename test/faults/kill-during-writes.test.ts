/**
 * `prognos serve` killed with SIGKILL in the middle of forecast saves (no shutdown of any kind:
 * open transactions, HTTP answers half sent), then started again on the same data — the
 * embedded store's data directory, and the PostgreSQL database when DATABASE_URL is set.
 *
 * A save is one transaction: the cell, its amount rows, the account-group summary and the audit
 * entry. After the restart the store must hold every save that was acknowledged (200), each
 * exactly once; a save that got no answer may be there or not, but whole; nothing else.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { openStore } from '../../src/store/index.ts';
import { expectDocCount } from '../security/doc-counts.ts';
import { LOAD_ORG, LOAD_ROUND, login, newSaveLog, openRound, readBack, ROUND_UNITS, seededTarget, startServe, startWriters, waitFor, type Target } from './support.ts';

/** The kill: this many writers (one editor per unit, plus a controller), killed after this many acknowledged saves with at least this many in flight. */
const KILL = { editors: 10, ackedBeforeKill: 100, inFlightAtKill: 3 };

describe.each(testBackends())('the server killed with SIGKILL during forecast saves (%s)', (backend) => {
  let target: Target | undefined;
  afterAll(() => target?.cleanup());

  it('holds every acknowledged save and no half-written one after a restart on the same data', async () => {
    target = await seededTarget(backend);
    const t = target;
    const server = await startServe(t);
    let restarted: Awaited<ReturnType<typeof startServe>> | undefined;
    try {
      const round = await openRound(server.url);
      // Ten writers: one editor per unit for ten units, and a controller saving anywhere (so saves of one cell collide).
      const editors = t.users.filter((u) => u.role === 'unit_editor').slice(0, KILL.editors);
      expect(editors).toHaveLength(KILL.editors);
      const sessions = [
        ...(await Promise.all(editors.map(async (u) => ({ s: await login(server.url, u.username), units: u.units })))),
        { s: await login(server.url, 'controller2'), units: ROUND_UNITS.slice(0, KILL.editors) },
      ];
      expectDocCount('kills.writers', sessions.length);
      expectDocCount('kills.acked-before-kill', KILL.ackedBeforeKill);
      expectDocCount('kills.in-flight-at-kill', KILL.inFlightAtKill);
      const log = newSaveLog();
      const writers = startWriters(sessions, round, log);
      // Enough saves committed, and several in flight at the moment of the kill.
      await waitFor(`${KILL.ackedBeforeKill} acknowledged saves`, () => (log.acked.length >= KILL.ackedBeforeKill ? true : undefined), 20_000);
      await waitFor('saves in flight', () => (log.inFlight >= KILL.inFlightAtKill ? true : undefined), 5_000);
      const inFlightAtKill = log.inFlight;
      server.kill('SIGKILL');
      const exit = await server.exited;
      expect(exit.signal).toBe('SIGKILL');
      await writers.stop();
      expect(inFlightAtKill).toBeGreaterThanOrEqual(KILL.inFlightAtKill);
      expect(log.unanswered.length).toBeGreaterThanOrEqual(1);
      expect(log.other).toEqual({});

      // The same data, a new process.
      restarted = await startServe(t);
      const editor = await login(restarted.url, editors[0]!.username);
      const grid = await editor.get(`/api/rounds/${round}/units/${encodeURIComponent(editors[0]!.units[0]!)}/forecast`);
      expect(grid.status).toBe(200);
      // Each cell the API shows is at least at its last acknowledged version.
      for (const row of grid.body.rows as Array<{ group: string; version: number }>) {
        const acked = log.acked.filter((a) => a.unit === editors[0]!.units[0] && a.group === row.group).map((a) => a.version);
        if (acked.length) expect(row.version).toBeGreaterThanOrEqual(Math.max(...acked));
      }
      // And it takes new saves.
      const row = (grid.body.rows as Array<{ group: string; version: number }>).find((r) => r.group === '5')!;
      const after = await editor.put(`/api/rounds/${round}/units/${encodeURIComponent(editors[0]!.units[0]!)}/forecast`, { group: '5', amountOre: -123_456_789, confirm: ['sign', 'plausibility'], version: row.version });
      expect(after.status).toBe(200);
      log.acked.push({ unit: editors[0]!.units[0]!, group: '5', activity: '', amountOre: -123_456_789, version: after.body.cell.version });

      // Read the store itself (the embedded one belongs to one process at a time: stop the server first).
      if (backend === 'embedded') await restarted.stop();
      const store = await openStore(t.databaseUrl ? { databaseUrl: t.databaseUrl } : { dataDir: t.dataDir });
      try {
        const check = await readBack(store.db, { orgId: LOAD_ORG, roundId: round, roundName: LOAD_ROUND.name, year: LOAD_ROUND.year, sign: 'net' }, log.acked, log.unanswered);
        if (process.env.PROGNOS_TEST_VERBOSE) console.log(backend, { inFlightAtKill, unanswered: log.unanswered.length, ...check });
        expect(check.problems).toEqual([]);
        expect(check.acked).toBeGreaterThanOrEqual(KILL.ackedBeforeKill + 1);
        expect(check.auditEntries).toBe(check.acked + check.unansweredStored);
        expect(check.forecastAmountRows).toBe(check.cells);
      } finally {
        await store.close();
      }
    } finally {
      server.kill('SIGKILL');
      await restarted?.stop();
    }
  }, 60_000);
});
