/** The fake Asterisk's state: channels, bridges, media, apps; shared by every module. */
import { Bus } from './bus';
import { Ids, Timers } from './clock';
import { Dialplan } from './dialplan';
import { DialRules } from './dialing';
import { SoundLibrary } from './media';
import { PjsipConfig } from './sorcery';
import { AriError } from './router';
import type { Bridge, Channel, FakeOptions, Json, LiveRecording, Playback, StoredRecording } from './types';
import type { DialTarget } from './dialing';
import type { Phone } from './phone';

export interface Settings {
  user: string;
  password: string;
  timeScale: number;
  asteriskId: string;
  sorceryWritable: boolean;
}

/** A phone (or trunk) on the far side of a PJSIP channel, driven by the tests. */
export interface FarEnd {
  channelId: string;
  receivedDtmf: string[];
  notifies: string[];
  onEnd(cause: number): void;
  onAnswered(): void;
  onStasis(status: 'SUCCESS' | 'FAILED'): void;
  /** an RFC 4733 digit reached the phone */
  hearDtmf(digit: string, durationMs?: number): void;
  /** a NOTIFY sipfrag for the phone's REFER ("100 Trying", "200 OK") */
  hearNotify(sipfrag: string): void;
}

export class World {
  readonly settings: Settings;
  readonly bus: Bus;
  readonly ids = new Ids();
  readonly timers: Timers;
  readonly channels = new Map<string, Channel>();
  readonly bridges = new Map<string, Bridge>();
  /** playbacks per target uri, in queue order; the first one is the current one */
  readonly mediaQueues = new Map<string, Playback[]>();
  readonly liveRecordings = new Map<string, LiveRecording>();
  readonly recordingQueues = new Map<string, LiveRecording[]>();
  readonly storedRecordings = new Map<string, StoredRecording>();
  readonly farEnds = new Map<string, FarEnd>();
  readonly globalVars = new Map<string, string>();
  readonly deviceStates = new Map<string, string>();
  readonly mailboxes = new Map<string, { old: number; new: number }>();
  readonly startedAt = new Date();
  readonly sounds = new SoundLibrary();
  readonly dialplan = Dialplan.fromTraces();
  readonly config: PjsipConfig;
  readonly dialRules = new DialRules();
  /** the SIP side: INVITEs the callee's UA when it has a SIP contact (false: no contact, the scripted far end plays) */
  dialUa?: (phone: Phone, target: DialTarget) => boolean;

  constructor(opts: FakeOptions) {
    this.settings = {
      user: opts.user ?? 'ceo',
      password: opts.password ?? 'ceo',
      timeScale: opts.timeScale ?? 0.01,
      asteriskId: opts.asteriskId ?? '02:fc:00:00:00:01',
      sorceryWritable: opts.sorceryWritable ?? true,
    };
    this.bus = new Bus(this.settings.asteriskId);
    this.config = new PjsipConfig(this.settings.sorceryWritable);
    this.timers = new Timers(this.settings.timeScale);
  }

  /** Publishes an event about channels (recipients: apps subscribed to any of them). */
  emit(event: Json, ...chans: Channel[]): void {
    this.bus.publish(event, { channelIds: chans.map((c) => c.id) });
  }

  /** Publishes a bridge-topic event (apps of the channels and of the bridge). */
  emitBridge(event: Json, bridge: Bridge, ...chans: Channel[]): void {
    this.bus.publish(event, { channelIds: chans.map((c) => c.id), bridgeId: bridge.id });
  }

  /** Publishes an app-specific event (StasisStart, StasisEnd, ...). */
  emitTo(app: string, event: Json): void {
    this.bus.publish(event, { apps: [app] });
  }

  channel(id: string | undefined): Channel | undefined {
    const ch = id === undefined ? undefined : this.channels.get(id);
    return ch?.alive ? ch : undefined;
  }

  /** 404 "Channel not found" unless the channel exists. */
  requireChannel(id: string): Channel {
    const ch = this.channel(id);
    if (!ch) throw new AriError(404, 'Channel not found');
    return ch;
  }

  /** 404 / 409 "Channel not in Stasis application" as ARI checks before most channel operations. */
  requireStasis(id: string): Channel {
    const ch = this.requireChannel(id);
    if (!ch.stasis) throw new AriError(409, 'Channel not in Stasis application');
    return ch;
  }

  bridgeOf(ch: Channel): Bridge | undefined {
    return ch.bridgeId ? this.bridges.get(ch.bridgeId) : undefined;
  }

  /** The other real channel of a two-party bridge. */
  bridgePeer(ch: Channel): Channel | undefined {
    const b = this.bridgeOf(ch);
    if (!b || b.members.length !== 2 || b.announcers.length > 0) return undefined;
    return this.channel(b.members.find((id) => id !== ch.id));
  }

  /** Asterisk milliseconds -> timer, scaled and cleared on close. */
  after(asteriskMs: number, fn: () => void): () => void {
    return this.timers.after(asteriskMs, fn);
  }
}
