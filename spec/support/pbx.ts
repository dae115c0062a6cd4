import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../app/config';
import { createDataSource } from '../../app/db/data-source';
import type { Deps } from '../../app/deps';
import { Call, CallLeg } from '../../app/features/calls/entities';
import { createLogger } from '../../app/logger';
import { startPbx, type PbxRole } from '../../app/pbx/role';
import { ManualClock } from './clock';
import { startFakeAsterisk, type FakeAsterisk, type FakeOptions } from './fake-asterisk';
import { until } from './until';

export interface PbxHarness {
  fake: FakeAsterisk;
  pbx: PbxRole;
  deps: Deps;
  clock: ManualClock;
  app: string;
  /** Waits until the engine's websocket is up (after start or a reconnect). */
  waitUp(timeoutMs?: number): Promise<void>;
  /** The call record of a caller channel once it is finished (state ended). Each harness is its own node: fakes reuse channel ids. */
  finishedCall(channelId: string, timeoutMs?: number): Promise<Call>;
  legs(callId: number): Promise<CallLeg[]>;
  close(): Promise<void>;
}

/** What the engine runs on in tests: the test database, a clock the test moves, no real mail. */
export async function engineDeps(config: Config): Promise<Deps & { clock: ManualClock }> {
  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  const mailer = { send: async () => undefined, close: () => undefined };
  return { config, db, logger: createLogger(config.logLevel), clock: new ManualClock(), mailer };
}

/** The real engine (startPbx) against the fake Asterisk and the test database. */
export async function startPbxHarness(overrides: Partial<Config['pbx']> = {}, fakeOptions: FakeOptions = {}): Promise<PbxHarness> {
  const fake = await startFakeAsterisk({ user: 'vpbx', password: 'fake-secret', ...fakeOptions });
  const base = loadConfig();
  const app = `vpbx-test-${process.pid}`;
  const config: Config = {
    ...base,
    pbx: { ...base.pbx, nodes: [{ name: `fake-${randomUUID().slice(0, 8)}`, url: fake.url }], user: fake.user, password: fake.password, app, requestTimeoutMs: 2000, reconnectMaxMs: 400, ...overrides },
  };
  const deps = await engineDeps(config);
  const { db, clock } = deps;
  const pbx = startPbx(deps);
  const harness: PbxHarness = {
    fake,
    pbx,
    deps,
    clock,
    app,
    waitUp: async (timeoutMs = 5000) => void await until(() => (pbx.nodes[0].node.state === 'up' && fake.connectedApps().includes(app) ? true : undefined), timeoutMs, 'the engine to connect'),
    finishedCall: (channelId, timeoutMs = 5000) =>
      until(async () => (await db.getRepository(Call).findOneBy({ node: pbx.nodes[0].node.name, channelId, state: 'ended' })) ?? undefined, timeoutMs, `call record of ${channelId} to finish`),
    legs: (callId) => db.getRepository(CallLeg).find({ where: { callId }, order: { id: 'ASC' } }),
    async close() {
      await pbx.stop();
      await fake.close();
      await db.destroy();
    },
  };
  await harness.waitUp();
  return harness;
}
