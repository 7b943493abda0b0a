// `prognos org oidc …` as an administrator runs it: a real process, a real data directory. The
// configuration names where the secret is read, never the secret; roles and units are checked.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'prognos-oidc-cli-'));

function prognos(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PROGNOS_OIDC_SECRET: 'hemligheten-som-aldrig-visas' };
  delete env.DATABASE_URL; // the embedded store and the command line
  const r = spawnSync(process.execPath, [join(root, 'bin', 'prognos.js'), '--data', join(dir, 'data'), '--org', 'kommun', ...args], { encoding: 'utf8', env, cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('prognos org oidc', () => {
  it('configures Entra ID-style single sign-on, maps groups to roles and units, and never prints the secret', () => {
    writeFileSync(join(dir, 'org.csv'), 'code,name,parent,level\nKS,Kommunstyrelsen,,board\nKAA,Staben,KS,RN1\n');
    expect(prognos('import', 'org', join(dir, 'org.csv')).status).toBe(0);

    const plain = prognos('org', 'oidc', 'set', '--issuer', 'http://login.example.se', '--client-id', 'x');
    expect(plain.status).not.toBe(0);
    expect(plain.stderr).toContain('utfärdarens adress ska börja med https://');

    const set = prognos(
      'org', 'oidc', 'set',
      '--name', 'Microsoft Entra ID',
      '--issuer', 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
      '--client-id', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      '--client-secret-env', 'PROGNOS_OIDC_SECRET',
      '--create-users',
      '--no-local-passwords',
    );
    expect(set.stderr).toBe('');
    expect(set.stdout).toContain('knappen "Logga in med Microsoft Entra ID"');
    expect(set.stdout).toContain('klienthemlighet:      läses från miljövariabeln PROGNOS_OIDC_SECRET');
    expect(set.stdout).toContain('nya användare:        skapas vid första inloggningen');
    expect(set.stdout).toContain('lösenord i Prognos:   avstängda');

    const badUnit = prognos('org', 'oidc', 'map', 'grupp-okand-enhet', '--role', 'editor', '--units', 'FINNSEJ');
    expect(badUnit.status).not.toBe(0);
    expect(badUnit.stderr).toContain('enheten FINNSEJ finns inte i organisationen');

    expect(prognos('org', 'oidc', 'map', 'grupp-staben', '--role', 'editor', '--units', 'KAA').status).toBe(0);
    const mapped = prognos('org', 'oidc', 'map', 'grupp-ekonomer', '--role', 'controller');
    expect(mapped.stdout).toContain('grupp-ekonomer → Controller (ekonom)');
    expect(mapped.stdout).toContain('grupp-staben → Enhetsredigerare för KAA');

    const unmapped = prognos('org', 'oidc', 'unmap', 'grupp-ekonomer');
    expect(unmapped.stdout).not.toContain('grupp-ekonomer');
    const shown = prognos('org', 'oidc', 'show');
    expect(shown.stdout).toContain('grupp-staben → Enhetsredigerare för KAA');
    for (const out of [set, mapped, unmapped, shown]) expect(out.stdout + out.stderr).not.toContain('hemligheten-som-aldrig-visas');
  }, 300_000);
});
