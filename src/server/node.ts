/**
 * The Node adapter: serves the runtime-independent app with @hono/node-server, gives it the
 * client's socket address (for the log-in rate limit) and closes everything on SIGINT/SIGTERM.
 */
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Store } from '../store/index.ts';
import { closePdfRenderer } from '../report/pdf/index.ts';
import { createApp, type AppOptions } from './app.ts';
import { Notifier, ReminderScheduler, smtpMailer, type SmtpSettings } from './notify/index.ts';

export interface NodeServerOptions extends Omit<AppOptions, 'store' | 'clientIp' | 'notifier'> {
  store: Store;
  port?: number;
  host?: string;
  /** E-mail through this relay: notifications and the deadline reminders (checked hourly). */
  smtp?: SmtpSettings;
  /** The address the messages link to (default: the server's own). */
  publicUrl?: string;
}

export interface RunningServer {
  url: string;
  server: ServerType;
  close(): Promise<void>;
}

export function startServer(o: NodeServerOptions): Promise<RunningServer> {
  const log = o.log ?? ((m: string, e?: unknown) => process.stderr.write(`${m}${e instanceof Error ? `: ${e.message}` : ''}\n`));
  const port = o.port ?? 8080;
  const host = o.host ?? '127.0.0.1';
  const notifier = new Notifier(o.store, o.smtp ? smtpMailer(o.smtp) : undefined, { baseUrl: o.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`, log });
  const reminders = new ReminderScheduler(notifier, { log });
  const app = createApp({
    ...o,
    notifier,
    clientIp: (c) => {
      try {
        return getConnInfo(c).remote.address;
      } catch {
        return undefined;
      }
    },
  });
  return new Promise((resolve) => {
    reminders.start();
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
          })
            .then(() => reminders.stop())
            .then(() => notifier.idle())
            .then(() => notifier.close())
            .then(() => closePdfRenderer()),
      });
    });
  });
}
