/**
 * The Node adapter: serves the runtime-independent app with @hono/node-server, gives it the
 * client's socket address (for the log-in rate limit) and closes everything on SIGINT/SIGTERM.
 */
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Store } from '../store/index.ts';
import { closePdfRenderer } from '../report/pdf/index.ts';
import { createApp, type AppOptions } from './app.ts';

export interface NodeServerOptions extends Omit<AppOptions, 'store' | 'clientIp'> {
  store: Store;
  port?: number;
  host?: string;
}

export interface RunningServer {
  url: string;
  server: ServerType;
  close(): Promise<void>;
}

export function startServer(o: NodeServerOptions): Promise<RunningServer> {
  const app = createApp({
    ...o,
    clientIp: (c) => {
      try {
        return getConnInfo(c).remote.address;
      } catch {
        return undefined;
      }
    },
  });
  const port = o.port ?? 8080;
  const host = o.host ?? '127.0.0.1';
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
          }).then(() => closePdfRenderer()),
      });
    });
  });
}
