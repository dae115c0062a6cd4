import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { openEventStream } from '../../../app/features/live/event-stream';
import { until } from '../../support/until';
import { EventReader } from './support';

describe('live monitoring: the event stream transport', () => {
  async function serve() {
    const closed: string[] = [];
    const app = express();
    app.get('/events', (req, res) => {
      const stream = openEventStream(req, res, 30);
      stream.onClose(() => closed.push('closed'));
      stream.send('hello', { n: 1 });
    });
    const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    return { server, closed, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events` };
  }

  it('given an open stream, then events arrive as server-sent events and a heartbeat comment keeps the connection busy', async () => {
    const { server, url } = await serve();
    const reader = await EventReader.open(url, '');
    try {
      expect(reader.contentType).to.match(/^text\/event-stream/);
      expect((await reader.next((e) => e.event === 'hello')).data).to.deep.equal({ n: 1 });
      await until(() => (reader.comments.filter((c) => c === 'heartbeat').length >= 2 ? true : undefined), 2000, 'two heartbeats');
    } finally {
      reader.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('given a page that goes away, then the stream lets go of what it watched', async () => {
    const { server, closed, url } = await serve();
    const reader = await EventReader.open(url, '');
    await reader.next((e) => e.event === 'hello');
    reader.close();
    await until(() => (closed.length ? true : undefined), 2000, 'the stream to close');
    server.close();
  });

  it('given a server shutting down, when it stops listening, then open streams end by themselves and the server can close', async () => {
    const { server, closed, url } = await serve();
    const reader = await EventReader.open(url, '');
    await reader.next((e) => e.event === 'hello');
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    await until(() => (reader.ended ? true : undefined), 2000, 'the stream to end');
    await serverClosed;
    expect(closed).to.deep.equal(['closed']);
  });
});
