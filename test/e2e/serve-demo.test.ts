// `prognos serve --demo`: the real command loads the demo, prints its users and serves the UI,
// where a printed user can log in with the plain log-in form.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('prognos serve --demo', () => {
  let child: ChildProcess | undefined;
  const data = mkdtempSync(join(tmpdir(), 'prognos-serve-demo-'));

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child!.once('exit', done));
      child.kill('SIGTERM');
      const hard = setTimeout(() => child?.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(hard);
    }
    rmSync(data, { recursive: true, force: true });
  });

  it('prints the demo users and serves the UI they can log in to', async () => {
    // The command as installed: bin/prognos.js runs the compiled CLI in its own process, so SIGTERM reaches the server.
    child = spawn(process.execPath, [join(root, 'bin', 'prognos.js'), '--data', data, 'serve', '--demo', '--port', '0'], { cwd: root, env: { ...process.env, DATABASE_URL: '' } });
    let out = '';
    let err = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr!.on('data', (b: Buffer) => (err += b.toString('utf8')));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}\n${err}`)), 90_000);
      const poll = setInterval(() => {
        const m = /Prognos lyssnar på (http:\/\/\S+) /.exec(err);
        if (m) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(m[1]!);
        }
      }, 100);
      child!.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}\n${err}`)));
    });
    expect(out).toContain('Demokommunen är inläst (organisation demo). Användare, alla med lösenordet prognos-demo-2024:');
    for (const u of ['admin', 'controller', 'staben', 'ekonomi', 'lasare']) expect(out).toMatch(new RegExp(`^  ${u} +\\S`, 'm'));

    const login = await fetch(`${url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'controller', password: 'prognos-demo-2024' }).toString(),
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/todo');
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const rounds = await fetch(`${url}/rounds`, { headers: { cookie } });
    expect(rounds.status).toBe(200);
    const page = await rounds.text();
    expect(page).toContain('Karin Berg');
    expect(page).toContain('Öppna nytt uppföljningstillfälle');
  });
});
