/** Replays a recorded trace against the fake: same requests, same websockets, phone actions from notes. */
import { httpCall, type HttpReply } from './http-call';
import type { FakeAsterisk } from './index';
import { restMismatches, wsMismatches } from './replay-compare';
import { openConn, type ClientConn } from './replay-conn';
import { IdMap } from './replay-ids';
import { canonicalOrder, Normaliser, type TraceLine } from './trace';

type Obj = Record<string, unknown>;

export type { ClientConn };

export interface RestResult {
  req: number;
  method: string;
  path: string;
  expected: TraceLine;
  actual: HttpReply;
}

export type NoteHandler = (text: string, replay: Replayer) => void | Promise<void>;

export interface ReplayOptions {
  /** the fake's timeScale: actions keep the recording's gaps, scaled */
  timeScale: number;
  /** plays the phones' part from the trace's notes */
  onNote?: NoteHandler;
  /** how long to wait for the events the recording shows before an action */
  waitMs?: number;
  /** connections whose events are recorded but not waited for (e.g. a subscribeAll observer) */
  unwaitedConns?: string[];
  /** event types not counted when waiting for the recording's events (noise the fake does not reproduce) */
  ignoreTypes?: string[];
  /** actions run (after the events so far arrived) when the replay reaches a trace seq */
  actions?: Record<number, (replay: Replayer) => void | Promise<void>>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Replayer {
  readonly conns = new Map<string, ClientConn>();
  readonly rest: RestResult[] = [];
  readonly expected = new Map<string, Obj[]>();
  private readonly expectedSoFar = new Map<string, number>();
  private readonly pending = new Map<number, { line: TraceLine; reply: Promise<HttpReply> }>();
  readonly ids = new IdMap();

  private last = { traceMs: 0, realMs: 0 };

  private readonly timeScale: number;
  private readonly onNote: NoteHandler;
  private readonly waitMs: number;
  private readonly unwaited: string[];
  private readonly ignored: string[];
  private readonly actions: Record<number, (replay: Replayer) => void | Promise<void>>;

  constructor(
    readonly fake: FakeAsterisk,
    private readonly lines: TraceLine[],
    opts: ReplayOptions,
  ) {
    this.timeScale = opts.timeScale;
    this.onNote = opts.onNote ?? (() => undefined);
    this.waitMs = opts.waitMs ?? 1500;
    this.unwaited = opts.unwaitedConns ?? [];
    this.ignored = opts.ignoreTypes ?? [];
    this.actions = opts.actions ?? {};
    for (const l of lines) if (l.kind === 'event' && l.conn) this.expected.set(l.conn, [...(this.expected.get(l.conn) ?? []), l.event as Obj]);
  }

  async run(): Promise<this> {
    this.last = { traceMs: this.lines[0]?.t_ms ?? 0, realMs: Date.now() };
    for (const line of this.lines) {
      if (['note', 'ws_connect', 'ws_local_close', 'rest_request'].includes(line.kind)) await this.until(line.t_ms);
      const action = this.actions[line.seq];
      if (action) await this.syncEvents().then(() => action(this));
      await this.step(line);
    }
    await this.syncEvents();
    await sleep(60);
    return this;
  }

  private async step(line: TraceLine): Promise<void> {
    switch (line.kind) {
      case 'event': return this.countExpected(line);
      case 'note': return this.syncEvents().then(() => this.onNote(line.text ?? '', this));
      case 'ws_connect': return this.syncEvents().then(() => this.connect(line));
      case 'ws_open':
      case 'ws_rejected': return this.conns.get(line.conn ?? '')?.settled;
      case 'ws_local_close': return this.localClose(line);
      case 'ws_close': return void (await this.conns.get(line.conn ?? '')?.closed);
      case 'rest_request': return this.syncEvents().then(() => this.send(line));
      case 'rest_response': return this.receive(line);
      default: return undefined;
    }
  }

  private countExpected(line: TraceLine): void {
    if (this.ignored.includes(line.type ?? '')) return;
    this.expectedSoFar.set(line.conn ?? '', (this.expectedSoFar.get(line.conn ?? '') ?? 0) + 1);
  }

  private received(conn: ClientConn): number {
    return conn.events.filter((e) => !this.ignored.includes(String(e.type))).length;
  }

  /** Keeps at least the recording's (scaled) gap since the previous action. */
  private async until(tMs: number): Promise<void> {
    const due = this.last.realMs + (tMs - this.last.traceMs) * this.timeScale;
    if (Date.now() < due) await sleep(due - Date.now());
    this.last = { traceMs: tMs, realMs: Date.now() };
  }

  /** Waits until every websocket got as many events as the trace shows so far (or a timeout). */
  async syncEvents(): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (const [label, want] of this.expectedSoFar) {
      if (this.unwaited.includes(label)) continue;
      const conn = this.conns.get(label);
      while (conn && this.received(conn) < want && Date.now() < deadline) await sleep(2);
      if (conn) this.learnFromEvents(label);
    }
  }

  /** Waits (up to waitMs) until connection `label` received an event of `type`: settles races the recording won by a hair. */
  async waitForConnEvent(label: string, type: string): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    while (!this.conns.get(label)?.events.some((e) => e.type === type) && Date.now() < deadline) await sleep(2);
  }

  private learnFromEvents(label: string): void {
    const keep = (e: Obj): boolean => !this.ignored.includes(String(e.type));
    const exp = (this.expected.get(label) ?? []).filter(keep);
    const act = (this.conns.get(label)?.events ?? []).filter(keep);
    for (let i = 0; i < Math.min(exp.length, act.length); i++) this.ids.learn(exp[i], act[i]);
  }

  private send(line: TraceLine): void {
    const reply = httpCall(this.fake, line.method ?? 'GET', this.ids.mapPath(line.path ?? '/'), line.body, line.auth);
    this.pending.set(line.req ?? 0, { line, reply });
  }

  private async receive(line: TraceLine): Promise<void> {
    const p = this.pending.get(line.req ?? 0);
    if (!p) return;
    const actual = await p.reply;
    this.ids.learn(line.body, actual.body);
    this.rest.push({ req: line.req ?? 0, method: p.line.method ?? '', path: p.line.path ?? '', expected: line, actual });
  }

  private connect(line: TraceLine): Promise<void> {
    // a reconnect under the same label continues the same event list, as the trace's does
    const conn = openConn(this.fake, line, this.conns.get(line.conn ?? '')?.events ?? []);
    this.conns.set(conn.label, conn);
    return conn.settled;
  }

  private async localClose(line: TraceLine): Promise<void> {
    await this.syncEvents();
    const conn = this.conns.get(line.conn ?? '');
    if (line.how === 'terminate') conn?.ws?.terminate();
    else conn?.ws?.close();
  }

  /** REST results whose status or (normalised) body differ from the recording. */
  restMismatches(skipBodies: number[] = []): string[] {
    return restMismatches(this.rest, skipBodies);
  }

  /** Websocket rejections and close codes that differ from the recording. */
  wsMismatches(): string[] {
    return wsMismatches(this.lines, this.conns);
  }

  /** Normalised events of one connection, racy pairs in canonical order: [recorded, fake]. */
  normalisedEvents(label: string, exclude: string[] = []): [Obj[], Obj[]] {
    const keep = (e: Obj): boolean => !exclude.includes(String(e.type));
    const side = (events: Obj[]): Obj[] => {
      const n = new Normaliser();
      return canonicalOrder(events.filter(keep)).map((e) => n.norm(e) as Obj);
    };
    return [side(this.expected.get(label) ?? []), side(this.conns.get(label)?.events ?? [])];
  }

  closeAll(): void {
    for (const c of this.conns.values()) c.ws?.terminate();
  }
}
