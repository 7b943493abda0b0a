/**
 * `prognos template list|show|set|get`: board templates stored as data. `set` stores a JSON file
 * as the next version of its template for a board; `get` writes a stored version (or, with
 * `--builtin`, the built-in template as a starting point) as JSON. main.ts declares the
 * commands and loads this when one runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PrognosError } from '../core/errors/index.ts';
import type { ReportTemplate } from '../report/template.ts';
import type { TemplateVersion, TemplateVersionInfo } from '../store/templates.ts';
import { withStore, type GlobalOptions } from './context.ts';

export interface TemplatePick {
  board: string;
  id?: string;
  version?: number;
}

const CLI_ACTOR = { userId: null, username: 'kommandoraden' };

const line = (t: TemplateVersionInfo): string => `${t.board}  ${t.templateId}  version ${t.version}  "${t.name}"  ${t.createdAt.slice(0, 16).replace('T', ' ')}  ${t.createdBy}`;

const jsonText = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

export async function runTemplateList(g: GlobalOptions, o: { board?: string; json?: boolean }): Promise<void> {
  const { listTemplates } = await import('../store/templates.ts');
  await withStore(g, async (store) => {
    const versions = await listTemplates(store.db, g.org, o.board);
    if (o.json) return void process.stdout.write(jsonText({ templates: versions }));
    if (versions.length === 0) return void process.stdout.write(`Inga sparade mallar${o.board ? ` för ${o.board}` : ''}; rapporterna använder den inbyggda mallen.\n`);
    process.stdout.write(versions.map(line).join('\n') + '\n');
  });
}

/** The version asked for: an id and version, an id's newest, or the board's newest template. */
async function pick(g: GlobalOptions, o: TemplatePick): Promise<TemplateVersion> {
  const { getTemplate, latestTemplate } = await import('../store/templates.ts');
  return withStore(g, async (store) => {
    let id = o.id;
    if (id === undefined) {
      if (o.version !== undefined) throw new PrognosError('BAD_INPUT', 'ange mallens id (--id) tillsammans med --version', { field: 'id' });
      const latest = await latestTemplate(store.db, g.org, o.board);
      if (!latest) throw new PrognosError('NOT_FOUND', `det finns ingen sparad mall för ${o.board}; den inbyggda fås med --builtin`, { field: 'board' });
      id = latest.templateId;
    }
    return getTemplate(store.db, g.org, o.board, id, o.version);
  });
}

export async function runTemplateShow(g: GlobalOptions, o: TemplatePick & { json?: boolean }): Promise<void> {
  const t = await pick(g, o);
  const { body, ...info } = t;
  if (o.json) return void process.stdout.write(jsonText({ template: info, body }));
  const chapters = body.chapters.map((c) => `  ${'  '.repeat(c.level - 1)}${c.number ? `${c.number} ` : ''}${c.title}  (${c.blocks.length} block)`);
  process.stdout.write(`${line(info)}\nKapitel:\n${chapters.join('\n')}\n`);
}

export async function runTemplateGet(g: GlobalOptions, o: TemplatePick & { builtin?: boolean; annual?: boolean; level?: string; output?: string }): Promise<void> {
  let body: ReportTemplate;
  if (o.builtin) {
    const { standardTemplate } = await import('../report/template.ts');
    body = standardTemplate(o.board, o.annual ?? false, o.level);
  } else {
    body = (await pick(g, o)).body;
  }
  if (o.output) {
    writeFileSync(resolve(o.output), jsonText(body));
    process.stderr.write(`Mallen skrevs till ${o.output}\n`);
  } else {
    process.stdout.write(jsonText(body));
  }
}

export async function runTemplateSet(g: GlobalOptions, file: string, o: { board: string; json?: boolean }): Promise<void> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (e) {
    throw new PrognosError('BAD_INPUT', `kunde inte läsa mallen som JSON: ${(e as Error).message}`, { file });
  }
  const { saveTemplate } = await import('../store/templates.ts');
  await withStore(g, async (store) => {
    const { body: _body, ...saved } = await saveTemplate(store.db, { orgId: g.org, board: o.board, body: data, actor: CLI_ACTOR, source: file });
    if (o.json) return void process.stdout.write(jsonText({ template: saved }));
    process.stdout.write(`Mallen ${saved.templateId} ("${saved.name}") sparades för ${saved.board} som version ${saved.version}. Nya omgångar för ${saved.board} använder den om inget annat väljs.\n`);
  });
}
