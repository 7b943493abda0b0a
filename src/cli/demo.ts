/**
 * `prognos demo`: the five reference reports of the demo, each loaded into its organisation,
 * taken through a round with its board's template and published (`src/demo/reports`), then
 * written in every format as the server rendered them at publishing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withStore, type GlobalOptions } from './context.ts';
import { progress } from './progress.ts';
import { pdfMayBeStarted } from './render.ts';

const FORMATS = ['html', 'pdf', 'docx', 'xlsx', 'json'] as const;

export async function runDemo(g: GlobalOptions, o: { out: string }): Promise<void> {
  const text = await withStore(g, async (store) => {
    const { DEMO_REPORTS } = await import('../demo/reports/index.ts');
    const { publishDemoReport } = await import('../demo/reports/run.ts');
    // Publishing renders the PDF in this process: its browser is closed when the command ends.
    pdfMayBeStarted();
    mkdirSync(o.out, { recursive: true });
    const written: string[] = [];
    let records = 0;
    for (const report of DEMO_REPORTS) {
      progress().phase(`läser in och publicerar ${report.file}`);
      const published = await publishDemoReport(store, report);
      records += published.imports.reduce((n, s) => n + s.records, 0);
      written.push(`${published.model.report.title} (organisation ${report.orgId}, omgång ${report.round.name} ${report.round.year}):`);
      for (const format of FORMATS) {
        const file = resolve(o.out, `${report.file}.${format}`);
        progress().phase(`skriver ${report.file}.${format}`);
        writeFileSync(file, await published.download(format));
        written.push(`  ${format.toUpperCase().padEnd(4)} ${file}`);
      }
      written.push(
        published.publishedBefore
          ? '  Publicerad redan vid en tidigare körning; filerna är de som skapades då.'
          : `  Kontroll vid publiceringen: 0 fel, ${published.warnings.length} varningar (prognos check)`,
      );
    }
    return (
      `Demons fem rapporter är publicerade (${records} poster, ${store.db.kind === 'embedded' ? 'inbyggd databas' : 'PostgreSQL'}).\n` +
      `${written.join('\n')}\n`
    );
  });
  process.stdout.write(text);
}
