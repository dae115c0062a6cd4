import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../../app/config';
import { createDataSource } from '../../app/db/data-source';
import type { Deps } from '../../app/deps';
import { createLogger } from '../../app/logger';
import { startPbx, type PbxRole } from '../../app/pbx/role';
import { ManualClock } from '../support/clock';
import { until as pollUntil } from '../support/until';
import { randomUUID } from 'node:crypto';
import type { Account } from '../../app/features/accounts/entities';
import { Call } from '../../app/features/calls/entities';
import { buildAccountWithOwner } from '../support/factories';
import type { FakeAsterisk, Phone } from '../support/fake-asterisk';
import type { PbxHarness } from '../support/pbx';
import { buildExtension, buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';

/** Polls until the probe gives a value (the shared helper, with the description first). */
export const until = <T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 5000): Promise<T> => pollUntil(probe, timeoutMs, what);

export interface Engine {
  pbx: PbxRole;
  deps: Deps;
  clock: ManualClock;
  db: DataSource;
  /** The node's row in pbx_nodes (what the cabinet reads). */
  nodeRow(): Promise<{ state: string } | undefined>;
  close(): Promise<void>;
}

/** The real engine (startPbx) against any ARI URL: the fake directly, through a proxy, or nothing at all. */
export async function startEngine(url: string, pbx: Partial<Config['pbx']> & { user: string; password: string }): Promise<Engine> {
  const base = loadConfig();
  const name = `node-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const config: Config = {
    ...base,
    pbx: { ...base.pbx, nodes: [{ name, url }], app: `vpbx-test-${process.pid}`, requestTimeoutMs: 2000, reconnectMaxMs: 200, ...pbx },
  };
  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  const clock = new ManualClock();
  const deps: Deps = { config, db, logger: createLogger(config.logLevel), clock, mailer: { send: async () => undefined, close: () => undefined } };
  const role = startPbx(deps);
  return {
    pbx: role,
    deps,
    clock,
    db,
    nodeRow: async () => ((await db.query('SELECT state FROM pbx_nodes WHERE name = ?', [name])) as { state: string }[])[0],
    async close() {
      await role.stop();
      await db.destroy();
    },
  };
}

/**
 * An HTTP + websocket proxy in front of the fake that can freeze: requests and websocket frames
 * are then held without an answer, as a hung Asterisk or a silent network would do.
 */
export class FreezableProxy {
  url = '';
  frozen = false;
  /** Requests that arrived while frozen, by path. */
  readonly held: string[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly pending = new Set<ServerResponse>();

  constructor(private readonly target: string) {
    this.server = createHttpServer((req, res) => this.onRequest(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.onUpgrade(req, socket, head));
    this.server.on('connection', (s: Socket) => this.track(s));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.url;
  }

  /** Nothing passes any more, nothing is refused either. */
  freeze(): void {
    this.frozen = true;
  }

  /** Traffic flows again; requests held meanwhile are dropped (their connections reset). */
  thaw(): void {
    this.frozen = false;
    for (const res of this.pending) res.socket?.destroy();
    this.pending.clear();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.frozen) {
      this.held.push(req.url ?? '');
      this.pending.add(res);
      return;
    }
    const upstream = httpRequest(`${this.target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        // Asterisk's api-docs name its own address as basePath; the client must keep coming here.
        const body = Buffer.from(Buffer.concat(chunks).toString('utf8').split(this.target).join(this.url));
        const headers = { ...answer.headers, 'content-length': String(body.length) };
        delete headers['transfer-encoding'];
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(body);
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.track(socket);
    const target = new URL(this.target);
    const upstream = netConnect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`), '', ''];
      upstream.write(lines.join('\r\n'));
      if (head.length) upstream.write(head);
      upstream.on('data', (d: Buffer) => this.frozen || socket.write(d));
      socket.on('data', (d: Buffer) => this.frozen || upstream.write(d));
    });
    this.track(upstream);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    upstream.on('close', end);
    socket.on('close', end);
  }
}

/** A port nothing listens on (yet). */
export async function freePort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address ? address.port : 0;
}

/** An account with one extension that answers and one that rings for ever, and a number dialling each. */
export async function telephony(h: PbxHarness) {
  const { account } = await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid', status: 'active' });
  const answers = await buildExtension(h.deps.db, account, '101');
  const rings = await buildExtension(h.deps.db, account, '102');
  h.fake.addEndpoint(answers.sipUsername, { online: true });
  h.fake.addEndpoint(rings.sipUsername, { online: true });
  h.fake.onDial(`PJSIP/${answers.sipUsername}`, { action: 'answer', afterMs: 50 });
  h.fake.onDial(`PJSIP/${rings.sipUsername}`, 'ring');
  const toAnswering = await numberDialling(h, account, '101');
  const toRinging = await numberDialling(h, account, '102', 300);
  return { account, answers, rings, toAnswering, toRinging };
}

export async function numberDialling(h: PbxHarness, account: Account, extension: string, ringSeconds = 20) {
  const scenario = await buildScenario(h.deps.db, account, { start: 'ring', steps: { ring: { type: 'dial', target: { extension }, ringSeconds } } });
  return buildNumber(h.deps.db, account, scenario);
}

/**
 * A call from the carrier. The channel id is random: the fake's ids (<start second>.<n>) repeat
 * across fakes started in the same second, and call records are unique per node and channel.
 */
export function call(fake: FakeAsterisk, app: string, e164: string): Phone {
  return fake.callIntoStasis({ app, args: ['inbound', e164.slice(1)], callerNumber: randomMobile(), endpoint: 'carrier', channelId: `rc-${randomUUID()}` });
}

/** The far end of the first callee leg the engine dialled for this caller's call. */
export async function calleeOf(h: PbxHarness, caller: Phone): Promise<Phone> {
  const id = (await until(async () => (await h.deps.db.getRepository(Call).findOneBy({ channelId: caller.channelId })) ?? undefined, 'the call record')).id;
  const leg = await until(async () => (await h.legs(id)).find((l) => l.role === 'callee'), 'the callee leg');
  return until(() => h.fake.phone(leg.channelId), 'the callee phone');
}
