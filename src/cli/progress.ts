/**
 * Progress of long work on a terminal: one line on standard error, rewritten in place (phase,
 * bytes read, rows). Silent when standard error is not a terminal, so scripts, pipes and logs
 * see only the command's own output. User text in Swedish.
 */

/** The part of a stream progress needs (process.stderr, or a fake one in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

/** Shortest interval between two rewrites of the line for the same phase, in ms. */
const INTERVAL_MS = 100;

const decimal = (n: number): string => n.toFixed(1).replace('.', ',');

/** Bytes as Swedish text: `850 B`, `45,1 kB`, `12,3 MB`. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${decimal(n / 1000)} kB`;
  return `${decimal(n / 1_000_000)} MB`;
}

export class Progress {
  private shown = false;
  private lastText = '';
  private lastAt = -Infinity;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when progress is written at all (the stream is a terminal). */
  get active(): boolean {
    return this.stream.isTTY === true;
  }

  /** A new phase: shown at once, e.g. `läser in demokommunen`. */
  phase(text: string): void {
    this.show(text, true);
  }

  /** Bytes read of a total, e.g. `läser ledger.se: 12,3 av 80,0 MB (15 %)`; at most every 100 ms. */
  bytes(label: string, done: number, total: number): void {
    const pct = total > 0 ? ` (${Math.min(100, Math.floor((done / total) * 100))} %)` : '';
    this.show(`${label}: ${formatBytes(done)} av ${formatBytes(total)}${pct}`, done >= total);
  }

  /** Clears the line (before the command prints its result, or an error). */
  done(): void {
    if (!this.shown) return;
    this.stream.write('\r\u001b[K');
    this.shown = false;
    this.lastText = '';
  }

  private show(text: string, force: boolean): void {
    if (!this.active || text === this.lastText) return;
    const t = this.now();
    if (!force && t - this.lastAt < INTERVAL_MS) return;
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    const line = `${text} …`;
    this.stream.write(`\r\u001b[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    this.shown = true;
    this.lastText = text;
    this.lastAt = t;
  }
}

let shared: Progress | undefined;

/** The process's progress line, on standard error. */
export function progress(): Progress {
  shared ??= new Progress(process.stderr);
  return shared;
}
