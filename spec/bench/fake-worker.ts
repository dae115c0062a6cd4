/**
 * The fake Asterisk on a thread of its own, so the engine under test has the main thread (one
 * core) and its heap to itself. Driven by messages: call / dtmf / hangup / close.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeAsterisk, type Phone } from '../support/fake-asterisk';

export interface FakeWorkerData {
  user: string;
  password: string;
  app: string;
  did: string;
}

export type FakeWorkerMessage =
  | { op: 'call'; ids: string[] }
  | { op: 'dtmf'; ids: string[]; digit: string }
  | { op: 'hangup'; ids: string[] }
  | { op: 'close' };

async function main(): Promise<void> {
  const data = workerData as FakeWorkerData;
  const fake = await startFakeAsterisk({ user: data.user, password: data.password });
  const phones = new Map<string, Phone>();
  parentPort!.on('message', (m: FakeWorkerMessage) => {
    if (m.op === 'close') return void fake.close().then(() => parentPort!.postMessage({ type: 'closed' }));
    for (const id of m.ids) {
      if (m.op === 'call') {
        phones.set(id, fake.callIntoStasis({ app: data.app, args: ['inbound', data.did], channelId: id, callerNumber: '+77011234567', endpoint: 'carrier' }));
      } else if (m.op === 'dtmf') void phones.get(id)?.dtmf(m.digit);
      else phones.get(id)?.hangup();
    }
  });
  parentPort!.postMessage({ type: 'ready', url: fake.url });
}

void main();
