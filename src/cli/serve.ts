/** `prognos serve`: the web application on the store, until SIGINT or SIGTERM. */
import { resolve } from 'node:path';
import { PrognosError } from '../core/errors/index.ts';
import { openGlobalStore, type GlobalOptions } from './context.ts';
import { pdfMayBeStarted } from './render.ts';

export interface ServeOptions {
  port: number;
  host: string;
  secureCookies?: boolean;
  trustProxy?: boolean;
  origin?: string[];
  publicUrl?: string;
  allowedHost?: string[];
  demo?: boolean;
  smtpUrl?: string;
  smtpFrom?: string;
}

export async function runServe(g: GlobalOptions, o: ServeOptions): Promise<void> {
  if (o.publicUrl !== undefined && !/^https?:$/.test(URL.parse(o.publicUrl)?.protocol ?? '')) {
    throw new PrognosError('BAD_INPUT', `--public-url ska vara en adress som https://prognos.kommun.se, inte ${o.publicUrl}`, { field: 'public-url' });
  }
  const [{ startServer }, { seedDemo }, { smtpOptions }] = await Promise.all([import('../server/node.ts'), import('../web/index.ts'), import('../server/notify/index.ts')]);
  pdfMayBeStarted(); // the server renders PDFs: its browser is closed when the command ends
  const store = await openGlobalStore(g, 'long');
  if (o.demo) {
    process.stderr.write('Läser in demokommunen …\n');
    const seed = await seedDemo(store);
    const width = Math.max(...seed.users.map((u) => u.username.length));
    process.stdout.write(
      `Demokommunen är inläst (organisation ${seed.orgId}). Användare, alla med lösenordet ${seed.password}:\n` +
        seed.users.map((u) => `  ${u.username.padEnd(width)}  ${u.displayName}, ${u.about}`).join('\n') +
        '\n',
    );
  }
  const smtpUrl = o.smtpUrl ?? process.env.PROGNOS_SMTP_URL;
  const publicUrl = o.publicUrl ?? process.env.PROGNOS_PUBLIC_URL;
  const smtp = smtpUrl ? { url: smtpUrl, from: o.smtpFrom ?? process.env.PROGNOS_SMTP_FROM ?? 'Prognos <prognos@localhost>' } : undefined;
  if (smtp) smtpOptions(smtp.url); // a bad address stops here, with its Swedish message
  const server = await startServer({
    ...(smtp ? { smtp } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    store,
    port: o.port,
    host: o.host,
    secureCookies: o.secureCookies ? true : 'auto',
    trustProxy: o.trustProxy ?? false,
    allowedOrigins: o.origin ?? [],
    ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
    // The address listened on is answered too (unless it is every address).
    allowedHosts: [...(o.allowedHost ?? []), ...(['0.0.0.0', '::', ''].includes(o.host) ? [] : [o.host.includes(':') ? `[${o.host}]` : o.host])],
  });
  if (smtp) process.stderr.write(`E-post skickas via ${new URL(smtp.url).host} från ${smtp.from}\n`);
  process.stderr.write(`Prognos lyssnar på ${server.url} (${store.db.kind === 'embedded' ? `inbyggd databas i ${resolve(g.data)}` : 'PostgreSQL'}); avsluta med Ctrl-C\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write('Stänger …\n');
  await server.close();
  await store.close();
}
