import { openStore } from '/work/main/src/store/index.ts';
import { DEMO_REPORTS } from '/work/main/src/demo/reports/index.ts';
import { publishDemoReport } from '/work/main/src/demo/reports/run.ts';
const store = await openStore({ dataDir: '/tmp/demo-run-' + Date.now() } as any);
for (const rep of DEMO_REPORTS) {
  const t0 = Date.now();
  try {
    const p = await publishDemoReport(store, rep);
    console.log(rep.reference, 'round', p.roundId, 'tables', p.model.tables.length, 'warnings', p.warnings.length, Date.now() - t0, 'ms');
    

  } catch (e) { console.log(rep.reference, 'FAILED', (e as Error).message); }
}
await store.close();
