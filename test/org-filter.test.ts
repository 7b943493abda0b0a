/**
 * Every SQL statement of the application names org_id (a filter, a join condition or an
 * inserted column), so on a database distributed by organisation each one goes to one shard.
 * The few that must span organisations are listed here with the reason; a new statement
 * without org_id fails this test until it gets one or a reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Statements allowed without org_id: [file, a fragment of the statement, why]. */
const ACROSS_ORGANISATIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['src/store/users.ts', 'DELETE FROM app_session WHERE expires_at', 'maintenance: ended sessions of every organisation'],
  ['src/store/login-throttle.ts', 'DELETE FROM login_throttle WHERE greatest(', 'maintenance: stale log-in counters of every organisation'],
  ['src/store/content-edit.ts', 'FROM measure', 'the column list; every statement built from it adds WHERE org_id = $1'],
  ['src/store/audit.ts', 'FROM audit_log WHERE ${where', "built from a condition list that starts with 'org_id = $1'"],
  ['src/store/oidc.ts', 'UPDATE oidc_config SET ${', 'the SET list is built from the changed fields; the statement ends WHERE org_id = $1'],
];

/** The organisation table itself (a reference table) and the migrations' bookkeeping. */
const NOT_TENANT = /\b(FROM|INTO|UPDATE|JOIN)\s+(organisation|schema_migration)\b/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** String and template literals that are SQL statements on a table. */
function statements(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/`[^`]*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g)) {
    const s = m[0].slice(1, -1).replace(/\s+/g, ' ');
    if (/\b(SELECT|UPDATE|DELETE|INSERT)\b/.test(s) && /\b(FROM|INTO|UPDATE)\s+[a-z_]+/.test(s)) out.push(s);
  }
  return out;
}

describe('queries filtered by organisation', () => {
  it('names org_id in every SQL statement of src/ on an organisation’s table, except the listed ones that must span organisations', () => {
    const missing: string[] = [];
    const allowedSeen = new Set<string>();
    let checked = 0;
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const rel = relative(ROOT, file);
      for (const s of statements(readFileSync(file, 'utf8'))) {
        if (NOT_TENANT.test(s) && !/org_id/.test(s)) continue;
        checked++;
        if (/\borg_id\b/.test(s)) continue;
        const allowed = ACROSS_ORGANISATIONS.find(([f, fragment]) => f === rel && s.includes(fragment));
        if (allowed) allowedSeen.add(allowed[1]);
        else missing.push(`${rel}: ${s.slice(0, 160)}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(80);
    // The list holds no statement that no longer exists.
    expect(ACROSS_ORGANISATIONS.map(([, fragment]) => fragment).filter((f) => !allowedSeen.has(f))).toEqual([]);
  });
});
