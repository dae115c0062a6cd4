/** The outside world's side of a call: a phone or trunk the tests drive (caller or callee). */
import { peerRound } from './bridges';
import { causeText, dialStatusFor } from './causes';
import { ev } from './events';
import { dialString, hangup, setState } from './lifecycle';
import { farEndTalking } from './media';
import { dtmfEndsRecording } from './recordings';
import { channelJson } from './snapshots';
import { attendedTransfer, blindTransfer } from './transfers';
import type { Channel, ChannelJson } from './types';
import type { FarEnd, World } from './world';

export interface CallEnd {
  cause: number;
  causeTxt: string;
}

/** What a SIP user agent behind this phone must be told (the fake's SIP side sets these). */
export interface PhoneSignals {
  dtmf?(digit: string, durationMs: number): void;
  notify?(sipfrag: string): void;
}

export class Phone implements FarEnd {
  /** digits this phone heard (RFC 4733 events sent to it) */
  readonly receivedDtmf: string[] = [];
  /** NOTIFY sipfrag bodies this phone got for its REFERs ("100 Trying", "200 OK") */
  readonly notifies: string[] = [];
  /** how the call's first Stasis() went: 'FAILED' when the app had no websocket */
  stasisStatus?: 'SUCCESS' | 'FAILED';
  /** set when a SIP user agent plays this phone */
  signals: PhoneSignals = {};
  /** resolves when the call ends, with the cause the phone saw */
  readonly ended: Promise<CallEnd>;
  /** resolves when the call is answered (the app answered an inbound call, or this callee answered) */
  readonly answered: Promise<void>;
  private resolveEnd!: (end: CallEnd) => void;
  private resolveAnswer!: () => void;
  private endInfo?: CallEnd;

  constructor(
    private readonly world: World,
    /** the channel Asterisk talks to (in Stasis) */
    readonly channelId: string,
    /** the channel that hangs up when this phone hangs up (the ;1 half for Local callers) */
    private readonly partyId: string = channelId,
  ) {
    this.ended = new Promise((resolve) => (this.resolveEnd = resolve));
    this.answered = new Promise((resolve) => (this.resolveAnswer = resolve));
  }

  /** The channel's current ARI snapshot, or undefined once it is gone. */
  get channel(): ChannelJson | undefined {
    const ch = this.world.channel(this.channelId);
    return ch ? channelJson(ch) : undefined;
  }

  get alive(): boolean {
    return this.endInfo === undefined;
  }

  onEnd(cause: number): void {
    if (this.endInfo) return;
    this.endInfo = { cause, causeTxt: causeText(cause) };
    this.resolveEnd(this.endInfo);
  }

  onAnswered(): void {
    this.resolveAnswer();
  }

  onStasis(status: 'SUCCESS' | 'FAILED'): void {
    this.stasisStatus ??= status;
  }

  /** A digit reached the phone (a SIP UA playing it gets RFC 4733 events). */
  hearDtmf(digit: string, durationMs = 100): void {
    this.receivedDtmf.push(digit);
    this.signals.dtmf?.(digit, durationMs);
  }

  /** A NOTIFY about the phone's REFER (a SIP UA playing it gets it in-dialog). */
  hearNotify(sipfrag: string): void {
    this.notifies.push(sipfrag);
    this.signals.notify?.(sipfrag);
  }

  /** The phone sends digits (RFC 4733); events follow the bridge rules of trace k. */
  async dtmf(digits: string, opts: { durationMs?: number; gapMs?: number } = {}): Promise<void> {
    for (const digit of digits) {
      if (opts.gapMs) await new Promise((r) => this.world.after(opts.gapMs ?? 0, () => r(undefined)));
      this.sendDigit(digit, opts.durationMs ?? 100);
    }
  }

  private sendDigit(digit: string, durationMs: number): void {
    const ch = this.world.channel(this.channelId);
    if (!ch) return;
    const bridge = this.world.bridgeOf(ch);
    const mixing = bridge?.bridgeType === 'mixing';
    if (bridge && mixing) this.passDigit(ch, digit, durationMs);
    if (!ch.stasis || (mixing && !bridge?.dtmfEvents)) return;
    this.world.emit(ev.dtmf(ch, digit, durationMs), ch);
    dtmfEndsRecording(this.world, ch, digit);
  }

  private passDigit(ch: Channel, digit: string, durationMs: number): void {
    const b = this.world.bridgeOf(ch);
    for (const id of b?.members ?? []) if (id !== ch.id) this.world.farEnds.get(id)?.hearDtmf(digit, durationMs);
  }

  /** The phone sends no audio any more (a caller who says nothing): recordings with maxSilenceSeconds hear silence. */
  stopTalking(): void {
    farEndTalking(this.world, this.channelId, false);
  }

  /** The phone sends audio again. */
  startTalking(): void {
    farEndTalking(this.world, this.channelId, true);
  }

  /** BYE from the phone (a Local caller hangs up its ;1 half). */
  hangup(cause = 16): void {
    const ch = this.world.channel(this.partyId);
    if (!ch) return;
    // a BYE shows no cause while bridged, except in a dtmf_events bridge (traces i, j, l vs k)
    const bridge = this.world.bridgeOf(ch);
    hangup(this.world, ch, { cause, request: bridge && !bridge.dtmfEvents ? {} : { cause } });
  }

  /** re-INVITE a=sendonly: ChannelHold (Asterisk plays MOH to the other party by itself). */
  hold(musicclass = 'default'): void {
    this.setHold(true, musicclass);
  }

  unhold(): void {
    this.setHold(false);
  }

  private setHold(held: boolean, musicclass = 'default'): void {
    const ch = this.world.channel(this.channelId);
    if (!ch || ch.held === held) return;
    ch.held = held;
    this.world.emit(held ? ev.hold(ch, musicclass) : ev.unhold(ch), ch);
    const bridge = this.world.bridgeOf(ch);
    if (bridge) peerRound(this.world, bridge);
  }

  /** REFER Refer-To: <exten> (blind transfer of whoever is bridged with this phone). */
  blindTransfer(exten: string, opts: { context?: string } = {}): void {
    blindTransfer(this.world, this, exten, opts.context);
  }

  /** REFER with Replaces: joins this call's peer with `other`'s peer (attended transfer). */
  attendedTransfer(other: Phone): void {
    attendedTransfer(this.world, this, other);
  }

  /** Callee: 180 Ringing. */
  ring(): void {
    const ch = this.world.channel(this.channelId);
    if (!ch || ch.state !== 'Down') return;
    setState(this.world, ch, 'Ringing');
    this.world.emit(ev.dial(ch, 'RINGING', dialString(ch)), ch);
  }

  /** Callee: 200 OK. */
  answer(): void {
    const ch = this.world.channel(this.channelId);
    if (!ch || ch.state === 'Up') return;
    setState(this.world, ch, 'Up');
    this.onAnswered();
  }

  /** Callee: a final error response (486 busy = 17, 503 = 34, 480 = 19, 603 = 21). */
  reject(cause = 17): void {
    const ch = this.world.channel(this.channelId);
    if (!ch || ch.state === 'Up') return;
    ch.hangupCause = cause;
    this.world.emit(ev.hangupRequest(ch, cause), ch);
    this.world.emit(ev.dial(ch, dialStatusFor(cause), dialString(ch)), ch);
    hangup(this.world, ch, { cause, request: null });
  }
}
