/** `prognos demo`: the demo municipality loaded, its two reports written in every format. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withStore, type GlobalOptions } from './context.ts';
import { progress } from './progress.ts';
import { render } from './render.ts';

const FORMATS = ['html', 'pdf', 'docx', 'xlsx', 'json'] as const;

export async function runDemo(g: GlobalOptions, o: { out: string }): Promise<void> {
  const text = await withStore(g, async (store) => {
    const { buildDemo } = await import('../demo/index.ts');
    progress().phase('läser in demokommunen');
    const { imports, report, programmeReport } = await buildDemo(store);
    const rows = imports.reduce((n, s) => n + s.records, 0);
    mkdirSync(o.out, { recursive: true });
    const written: string[] = [];
    for (const [model, name] of [
      [report, 'delarsrapport-p1-2024'],
      [programmeReport, 'programnamnd-p2-2022'],
    ] as const) {
      written.push(`${model.report.title}:`);
      for (const format of FORMATS) {
        const file = resolve(o.out, `${name}.${format}`);
        progress().phase(`skriver ${name}.${format}`);
        writeFileSync(file, await render(model, format));
        written.push(`  ${format.toUpperCase().padEnd(4)} ${file}`);
      }
    }
    const { checkReport } = await import('../check/index.ts');
    const findings = checkReport(report);
    return (
      `Demokommunen är inläst (${rows} poster, ${store.db.kind === 'embedded' ? 'inbyggd databas' : 'PostgreSQL'}).\n` +
      `${written.join('\n')}\n` +
      `Kontroll av delårsrapporten: ${findings.filter((f) => f.severity === 'error').length} fel, ${findings.filter((f) => f.severity === 'warning').length} varningar (prognos check)\n`
    );
  });
  process.stdout.write(text);
}
