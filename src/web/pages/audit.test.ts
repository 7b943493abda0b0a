// The change log shows readers words, not internal names (issue 11: "name: P1; sign: net; …
// byActivity: false" reached the round's log).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../types.ts';
import { actionName, valueText } from './audit.ts';

const src = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const entry = (over: Partial<AuditEntry>): AuditEntry => ({ id: 1, at: '2024-04-01T10:00:00Z', username: 'controller', action: 'round.create', entity: 'round', entityKey: 'KS/2024/P1', old: null, new: null, ...over }) as AuditEntry;

describe('the change log page', () => {
  it('names every action the server writes to the audit log in Swedish', () => {
    const actions = new Set<string>();
    for (const f of files(src)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_-]+)'/g)) actions.add(m[1]!);
    }
    // The two built from a template literal: unit.<submit|approve|reopen>, <goal|assignment>_status.save.
    for (const a of ['unit.submit', 'unit.approve', 'unit.reopen', 'goal_status.save', 'assignment_status.save']) actions.add(a);
    expect(actions.size).toBeGreaterThan(10);
    const unnamed = [...actions].filter((a) => actionName(a) === 'Ändring');
    expect(unnamed).toEqual([]);
  });

  it('shows "Ändring" for an action it does not know, never the internal name', () => {
    expect(actionName('round.something_new')).toBe('Ändring');
  });

  it("reads a new round's settings in words: no field names, no booleans, no method ids", () => {
    const text = valueText(
      entry({}),
      { board: 'KS', year: 2024, period: 3, name: 'P1', deadline: '2024-04-20', level: 'RN3', within: 'ÖKA', byActivity: false, method: 'profile', thresholdTkr: 1000, prevPeriod: 8, sign: 'net', units: ['KAA', 'KEK'] },
    );
    expect(text).toContain('per verksamhet: nej');
    expect(text).toContain('metod: Utfall + fjolårets profil');
    expect(text).toContain('tecken: netto (kostnader negativa)');
    expect(text).toContain('enheter: KAA, KEK');
    expect(text).not.toMatch(/byActivity|sign:|method:|false|profile\b|prevPeriod|within:/);
  });
});
