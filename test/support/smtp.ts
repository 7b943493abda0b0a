/**
 * A real SMTP server on loopback (smtp-server, in-process) that keeps every message it
 * receives, parsed (mailparser): the relay the notification tests send to and read from.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  port: number;
  /** The server's settings for Prognos (`smtp` of the server options). */
  settings: { url: string; from: string };
  messages: ParsedMail[];
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((m) => {
          messages.push(m);
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    settings: { url: `smtp://127.0.0.1:${port}?starttls=never`, from: 'Prognos <prognos@kommun.test>' },
    messages,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** The addresses a message went to. */
export const recipients = (m: ParsedMail): string[] => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
