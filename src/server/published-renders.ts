/**
 * The renderings of a published report, made once: right after the publish transaction the
 * round's formats are rendered from the frozen model, one after the other, and each is stored as
 * it is ready (`published_render`). The stored formats are the state: a download of a stored
 * format serves its bytes; one still rendering waits for that rendering, never starts another;
 * one with no rendering under way (the server restarted, or the rendering failed, or the round
 * was published before renderings were stored) is rendered once here, stored, then served.
 */
import type { ReportModel } from '../report/index.ts';
import { REPORT_FORMATS, type RenderOptions, type ReportFormat, type ReportRenderer } from '../report/render.ts';
import { appendixContent } from '../store/report-document.ts';
import { getRender, storeRender, type StoredRender } from '../store/published-render.ts';
import { getSnapshot } from '../store/rounds.ts';
import type { Store } from '../store/index.ts';
import { notFound } from './errors.ts';

/** Quick formats first: the page and the spreadsheet are ready at once, PDF and Word follow. */
export const RENDER_ORDER: readonly ReportFormat[] = ['json', 'html', 'xlsx', 'pdf', 'docx'];

export class PublishedRenders {
  /** Renderings under way (or queued), by `orgId/roundId/format`. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly render: ReportRenderer,
    private readonly log: (message: string, err?: unknown) => void,
  ) {}

  /** Renders and stores every format of a just published round, in the background. */
  start(orgId: string, roundId: number, frozen: ReportModel): void {
    let previous: Promise<void> = Promise.resolve();
    for (const format of RENDER_ORDER) {
      const after = previous;
      previous = this.track(orgId, roundId, format, after.then(() => this.renderAndStore(orgId, roundId, format, frozen)));
    }
  }

  /** Formats whose rendering is under way or queued. */
  pending(orgId: string, roundId: number): ReportFormat[] {
    return REPORT_FORMATS.filter((f) => this.running.has(key(orgId, roundId, f)));
  }

  /** Waits for every rendering under way (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  /** The stored rendering of a published round, waiting for it or making it once when needed. */
  async get(orgId: string, roundId: number, format: ReportFormat): Promise<StoredRender> {
    const db = this.store.db;
    const under = this.running.get(key(orgId, roundId, format));
    if (under) await under;
    const stored = await getRender(db, orgId, roundId, format);
    if (stored) return stored;
    const snap = await getSnapshot(db, orgId, roundId);
    if (!snap) throw notFound(`den publicerade rapporten för omgång ${roundId} saknas`);
    // Another download may have started it meanwhile.
    const started = this.running.get(key(orgId, roundId, format));
    if (started) return started.then(() => this.get(orgId, roundId, format));
    const made = this.render(snap.model as ReportModel, format, this.options(orgId, roundId)).then((body) => storeRender(db, orgId, roundId, format, body));
    await this.track(orgId, roundId, format, made.catch(() => undefined));
    await made;
    return (await getRender(db, orgId, roundId, format))!;
  }

  /** A published round's appendices are its own (locked with it): the PDF appends them. */
  private options(orgId: string, roundId: number): RenderOptions {
    return { appendixContent: appendixContent(this.store.db, orgId, roundId) };
  }

  private track(orgId: string, roundId: number, format: ReportFormat, p: Promise<void>): Promise<void> {
    const k = key(orgId, roundId, format);
    const tracked = p.finally(() => {
      if (this.running.get(k) === tracked) this.running.delete(k);
    });
    this.running.set(k, tracked);
    return tracked;
  }

  private async renderAndStore(orgId: string, roundId: number, format: ReportFormat, frozen: ReportModel): Promise<void> {
    try {
      await storeRender(this.store.db, orgId, roundId, format, await this.render(frozen, format, this.options(orgId, roundId)));
    } catch (err) {
      this.log(`publicerad rapport ${roundId}: formatet ${format} kunde inte skapas; det skapas vid första nedladdningen`, err);
    }
  }
}

const key = (orgId: string, roundId: number, format: string): string => `${orgId}/${roundId}/${format}`;
