import { Worker } from 'node:worker_threads';
import ari, { type Client } from 'ari-client';
import { DIALPLAN_CONTEXTS } from '../../app/pbx/contract';
import type { FakeWorkerData, FakeWorkerMessage } from './fake-worker';

/** Who plays the callers: the fake Asterisk's phones, or Local channels on a real Asterisk. */
export interface Callers {
  /** ARI base URL the engine connects to. */
  url: string;
  user: string;
  password: string;
  label: string;
  /** Places calls; `ids` are the channel ids the engine will see. */
  call(ids: string[]): Promise<void>;
  dtmf(ids: string[], digit: string): Promise<void>;
  hangup(ids: string[]): Promise<void>;
  close(): Promise<void>;
}

/** The fake Asterisk in a worker thread. */
export async function fakeCallers(app: string, did: string): Promise<Callers> {
  const data: FakeWorkerData = { user: 'vpbx', password: 'bench-secret', app, did };
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(require.resolve('./fake-worker'))});`, { eval: true, workerData: data });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { url: string }) => resolve(m.url));
    worker.once('error', reject);
  });
  const send = async (m: FakeWorkerMessage) => void worker.postMessage(m);
  return {
    url,
    user: data.user,
    password: data.password,
    label: 'fake Asterisk (its own worker thread)',
    call: (ids) => send({ op: 'call', ids }),
    dtmf: (ids, digit) => send({ op: 'dtmf', ids, digit }),
    hangup: (ids) => send({ op: 'hangup', ids }),
    async close() {
      await new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.postMessage({ op: 'close' } satisfies FakeWorkerMessage);
      });
      await worker.terminate();
    },
  };
}

const FAR = '-far';

/**
 * A real Asterisk running the project's config: each caller is a Local channel into the trunk
 * context (whose dialplan hands the ;2 half to our app, as a carrier call would be) while the
 * ;1 half sits in a bench app of its own, from where it presses keys and hangs up (traces e, b).
 */
export async function asteriskCallers(url: string, user: string, password: string, did: string): Promise<Callers> {
  const client: Client = await ari.connect(url, user, password);
  await client.start('vpbx-bench');
  const each = (ids: string[], work: (id: string) => Promise<unknown>) => Promise.all(ids.map((id) => work(id).catch(() => undefined))).then(() => undefined);
  return {
    url,
    user,
    password,
    label: `real Asterisk at ${url}`,
    call: (ids) =>
      each(ids, (id) =>
        client.channels.originate({
          endpoint: `Local/${did}@${DIALPLAN_CONTEXTS.fromTrunk}`,
          app: 'vpbx-bench',
          channelId: `${id}${FAR}`,
          otherChannelId: id,
          callerId: '+77011234567',
          formats: 'ulaw',
        } as never),
      ),
    dtmf: (ids, digit) => each(ids, (id) => client.channels.sendDTMF({ channelId: `${id}${FAR}`, dtmf: digit })),
    hangup: (ids) => each(ids, (id) => client.channels.hangup({ channelId: `${id}${FAR}` })),
    async close() {
      client.stop();
    },
  };
}
