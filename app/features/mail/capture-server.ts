import { SMTPServer } from 'smtp-server';
import PostalMime from 'postal-mime';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface CapturedMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  attachments: { filename: string | null; mimeType: string; size: number }[];
}

export interface MailCapture {
  port: number;
  smtpUrl: string;
  list(): Promise<CapturedMail[]>;
  get(id: string): Promise<CapturedMail | undefined>;
  /** Resolves with the first message to `address` matching the filter, polling the store. */
  waitFor(address: string, filter?: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

/** Reads what a capture server (any process) stored in `dir`, newest first. */
export async function readCapturedMail(dir: string): Promise<CapturedMail[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const mails = await Promise.all(
    names.filter((n) => n.endsWith('.json')).map(async (n) => JSON.parse(await readFile(path.join(dir, n), 'utf8')) as CapturedMail),
  );
  return mails.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

async function store(dir: string, raw: Buffer, envelopeTo: string[]): Promise<void> {
  const parsed = await PostalMime.parse(raw);
  const mail: CapturedMail = {
    id: `${Date.now()}-${randomUUID()}`,
    receivedAt: new Date().toISOString(),
    from: parsed.from?.address ?? '',
    to: envelopeTo.map((a) => a.toLowerCase()),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html ?? null,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename,
      mimeType: a.mimeType,
      size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
    })),
  };
  await writeFile(path.join(dir, `${mail.id}.json`), JSON.stringify(mail, null, 2));
}

/** A local SMTP server that keeps every message (development and tests); never relays. */
export async function startMailCapture(opts: { port: number; dir: string; host?: string }): Promise<MailCapture> {
  await mkdir(opts.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: 25 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        store(opts.dir, Buffer.concat(chunks), to).then(() => callback(), callback);
      });
    },
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const list = () => readCapturedMail(opts.dir);
  return {
    port,
    smtpUrl: `smtp://${host}:${port}`,
    list,
    get: async (id) => (await list()).find((m) => m.id === id),
    async waitFor(address, filter = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await list()).find((m) => m.to.includes(address.toLowerCase()) && filter(m));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
