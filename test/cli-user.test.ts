// `prognos user …` as an administrator runs it: the built command, a real data directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_DIR } from '../src/demo/index.ts';
import { openStore } from '../src/store/index.ts';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'prognos-cli-user-'));
const data = join(dir, 'data');

function prognos(args: string[], password?: string, org = 'kommun') {
  const env: Record<string, string | undefined> = { ...process.env, PROGNOS_PASSWORD: password ?? '' };
  delete env.DATABASE_URL; // the embedded store; the routes' tests cover PostgreSQL
  const r = spawnSync(process.execPath, [join(root, 'bin', 'prognos.js'), '--data', data, '--org', org, ...args], { encoding: 'utf8', env, cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('prognos user (command line)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, lists, changes role and units, resets a password, disables and enables a user, in Swedish and as JSON', () => {
    expect(prognos(['import', 'org', join(DEMO_DATA_DIR, 'org.csv')]).status).toBe(0);
    expect(prognos(['user', 'add', '--admin', 'chef'], 'ett-langt-losenord-2024').status).toBe(0);
    const add = prognos(['user', 'add', '--role', 'unit_editor', '--units', 'KAA', '--name', 'Eva Ek', 'eva', '--json'], 'ett-annat-langt-losenord');
    expect(add.stderr).toBe('');
    expect(JSON.parse(add.stdout).user).toMatchObject({ username: 'eva', role: 'unit_editor', units: ['KAA'], disabled: false, mustChangePassword: false, lastLoginAt: null });

    const list = prognos(['user', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout.trim().split('\n')).toEqual(['chef (admin) – aktiv, senast inloggad aldrig', 'eva (unit_editor: KAA) "Eva Ek" – aktiv, senast inloggad aldrig']);

    const set = prognos(['user', 'set', 'eva', '--role', 'controller']);
    expect(set.stdout).toBe('Användaren eva är ändrad: eva (controller) "Eva Ek" – aktiv, senast inloggad aldrig\n');
    expect(JSON.parse(prognos(['user', 'set', 'eva', '--role', 'unit_editor', '--units', 'KAA,KEK', '--json']).stdout).user).toMatchObject({ role: 'unit_editor', units: ['KAA', 'KEK'] });

    const reset = prognos(['user', 'reset-password', 'eva'], 'ett-nytt-tillfalligt-losen');
    expect(reset.stdout).toBe('Lösenordet för eva är bytt; användaren väljer ett eget vid nästa inloggning: eva (unit_editor: KAA, KEK) "Eva Ek" – aktiv, måste byta lösenord, senast inloggad aldrig\n');
    expect(prognos(['user', 'disable', 'eva']).stdout).toMatch(/^Användaren eva är avstängd; inloggningarna har avslutats: eva .* – avstängd, måste byta lösenord/);
    expect(JSON.parse(prognos(['user', 'enable', 'eva', '--json']).stdout).user).toMatchObject({ disabled: false });
    const all = JSON.parse(prognos(['user', 'list', '--json']).stdout).users;
    expect(all.map((u: { username: string }) => u.username)).toEqual(['chef', 'eva']);
  });

  it('answers mistakes in Swedish: an unknown user, an unknown role, a short password, nothing to change', () => {
    expect(prognos(['user', 'set', 'ingen', '--role', 'reader'])).toMatchObject({ status: 2, stderr: 'fel: användaren ingen finns inte i organisationen\n' });
    expect(prognos(['user', 'set', 'eva', '--role', 'kung']).stderr).toBe('fel: fält role: rollen kung finns inte; välj en av admin, controller, unit_editor, reader\n');
    expect(prognos(['user', 'reset-password', 'eva'], 'kort').stderr).toBe('fel: fält password: lösenordet måste ha minst 12 tecken\n');
    expect(prognos(['user', 'set', 'eva']).stderr).toMatch(/^fel: fält role: ange --role, --units/);
    expect(prognos(['user', 'set', 'eva', '--role', 'unit_editor', '--units', '']).stderr).toBe('fel: fält units: rollen Enhetsredigerare behöver minst en enhet\n');
  });

  it('keeps user names per organisation: the same name in another organisation is another user', () => {
    expect(prognos(['user', 'add', '--role', 'reader', 'eva'], 'ett-langt-losenord-2024', 'grannkommun').status).toBe(0);
    expect(prognos(['user', 'list'], undefined, 'grannkommun').stdout).toBe('eva (reader) – aktiv, senast inloggad aldrig\n');
    expect(prognos(['user', 'add', '--role', 'reader', 'eva'], 'ett-langt-losenord-2024').stderr).toBe('fel: fält username: användarnamnet eva är upptaget\n');
  });

  it('writes every change to the audit log with who, when, before and after, never the password', async () => {
    const store = await openStore({ dataDir: data });
    try {
      const rows = await store.db.query<{ action: string; username: string; old_value: unknown; new_value: unknown; at: unknown }>(
        "SELECT action, username, old_value, new_value, at FROM audit_log WHERE org_id = 'kommun' AND entity = 'user' AND entity_key = 'eva' ORDER BY id",
      );
      expect(rows.map((r) => r.action)).toEqual(['user.create', 'user.update', 'user.update', 'user.reset-password', 'user.update', 'user.update']);
      expect(rows.every((r) => r.username === 'kommandoraden' && r.at)).toBe(true);
      expect(rows[1]).toMatchObject({ old_value: { role: 'unit_editor', units: ['KAA'] }, new_value: { role: 'controller', units: [] } });
      expect(rows[3]!.new_value).toMatchObject({ password: 'ändrat', mustChangePassword: true });
      expect(JSON.stringify(rows)).not.toMatch(/ett-nytt-tillfalligt-losen|scrypt\$/);
    } finally {
      await store.close();
    }
  });
});
