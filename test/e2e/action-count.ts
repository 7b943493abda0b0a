/**
 * Counts a person's actions in the browser for BENCHMARKS.md: every click or tick the test makes
 * through `act`, and the full page loads each one causes (typing is not counted). Actions belong
 * to a round and a phase; those made only to show a refusal are kept apart. A figure, never an
 * assertion.
 */
import type { Page } from 'playwright-core';

/** What a walk does only to show a refusal: counted apart from what finishing needs. */
export const REFUSAL = 'refused on purpose (not needed to finish)';

interface Action {
  round: string;
  phase: string;
  what: string;
  loads: number;
}

export class ActionCount {
  private readonly actions: Action[] = [];
  private current = { round: '', phase: '' };
  private loads = 0;

  constructor(private readonly page: Page) {
    page.on('load', () => this.loads++);
  }

  /** The round and phase the next actions belong to. */
  phase(round: string, phase: string): void {
    this.current = { round, phase };
  }

  get phaseName(): string {
    return this.current.phase;
  }

  async act(what: string, run: () => Promise<unknown>, phase = this.current.phase): Promise<void> {
    const before = this.loads;
    await run();
    await this.page.waitForLoadState('load');
    this.actions.push({ round: this.current.round, phase, what, loads: this.loads - before });
  }

  /** Per round: what finishing took, what was refused on purpose, and each phase's actions. */
  report(heading: string): string {
    if (this.actions.length === 0) return '';
    const sum = (xs: Action[]) => {
      const n = xs.reduce((k, a) => k + a.loads, 0);
      return `${xs.length} action${xs.length === 1 ? '' : 's'}, ${n} page load${n === 1 ? '' : 's'}`;
    };
    const lines = [`\n${heading}`];
    for (const round of [...new Set(this.actions.map((a) => a.round))]) {
      const mine = this.actions.filter((a) => a.round === round);
      const needed = mine.filter((a) => a.phase !== REFUSAL);
      lines.push(`${round}: ${sum(needed)} to finish${needed.length < mine.length ? `, and ${sum(mine.filter((a) => a.phase === REFUSAL))} refused on purpose` : ''}`);
      for (const name of [...new Set(mine.map((a) => a.phase))]) {
        const xs = mine.filter((a) => a.phase === name);
        lines.push(`  ${name}: ${sum(xs)} — ${xs.map((a) => `${a.what}${a.loads ? ` (${a.loads})` : ''}`).join('; ')}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}
