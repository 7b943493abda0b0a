/**
 * `prognos document show|set` and `prognos appendix list|add|remove`: a round's document
 * metadata (title, decided by, date, §, diary number) and its appendix PDFs, as on the web.
 * main.ts declares the commands and loads this when one runs.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { PrognosError } from '../core/errors/index.ts';
import type { DocumentSpec } from '../report/template-document.ts';
import { withStore, type GlobalOptions } from './context.ts';

const CLI_ACTOR = { userId: null, username: 'kommandoraden' };

async function roundOf(g: GlobalOptions, id: number, open: boolean): Promise<void> {
  const { getRound } = await import('../store/rounds.ts');
  await withStore(g, async (store) => {
    const r = await getRound(store.db, g.org, id);
    if (open && r.status === 'published') throw new PrognosError('CONFLICT', `omgången ${r.name} ${r.year} är publicerad och låst för ändringar`, { field: 'round' });
  });
}

const show = (d: DocumentSpec): string =>
  [`Titel: ${d.title ?? '(mallens)'}`, `Beslutad av: ${d.decidedBy ?? '–'}`, `Beslutsdatum: ${d.decidedOn ?? '–'}`, `Paragraf: ${d.paragraph ?? '–'}`, `Diarienummer: ${d.diaryNumber ?? '–'}`].join('\n') + '\n';

export async function runDocumentShow(g: GlobalOptions, o: { round: number }): Promise<void> {
  const { getRoundDocument } = await import('../store/report-document.ts');
  await roundOf(g, o.round, false);
  await withStore(g, async (store) => void process.stdout.write(show(await getRoundDocument(store.db, g.org, o.round))));
}

/** Sets the fields given; the others keep their value (an empty text clears one). */
export async function runDocumentSet(g: GlobalOptions, o: { round: number } & DocumentSpec): Promise<void> {
  const { getRoundDocument, saveRoundDocument } = await import('../store/report-document.ts');
  await roundOf(g, o.round, true);
  await withStore(g, async (store) => {
    const { round, ...given } = o;
    const next = { ...(await getRoundDocument(store.db, g.org, round)), ...given };
    process.stdout.write(show(await saveRoundDocument(store.db, g.org, round, next, CLI_ACTOR)));
  });
}

export async function runAppendixList(g: GlobalOptions, o: { round: number }): Promise<void> {
  const { listAppendices } = await import('../store/report-document.ts');
  await withStore(g, async (store) => {
    const list = await listAppendices(store.db, g.org, o.round);
    process.stdout.write(list.length ? list.map((a) => `${a.id}  ${a.title}  ${a.fileName}  ${a.bytes} byte`).join('\n') + '\n' : 'Inga bilagor.\n');
  });
}

export async function runAppendixAdd(g: GlobalOptions, file: string, o: { round: number; title?: string }): Promise<void> {
  const { addAppendix } = await import('../store/report-document.ts');
  await roundOf(g, o.round, true);
  let content: Buffer;
  try {
    content = readFileSync(resolve(file));
  } catch {
    throw new PrognosError('NOT_FOUND', `filen ${file} kan inte läsas`, { file });
  }
  await withStore(g, async (store) => {
    const a = await addAppendix(store.db, { orgId: g.org, roundId: o.round, title: o.title ?? '', fileName: basename(file), content, actor: CLI_ACTOR });
    process.stdout.write(`Bilaga ${a.id} bifogad: ${a.title} (${a.bytes} byte)\n`);
  });
}

export async function runAppendixRemove(g: GlobalOptions, o: { round: number; id: number }): Promise<void> {
  const { deleteAppendix } = await import('../store/report-document.ts');
  await roundOf(g, o.round, true);
  await withStore(g, async (store) => {
    await deleteAppendix(store.db, g.org, o.round, o.id, CLI_ACTOR);
    process.stdout.write(`Bilaga ${o.id} borttagen.\n`);
  });
}
