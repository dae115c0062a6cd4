import { HungUp } from '../ari/wait';
import type { Channel } from '../call/channel';
import { MOH_CLASS_DEFAULT } from '../contract';
import type { Conversation } from './conversation';
import { StateMachine } from './machine';

type HoldState = 'talking' | 'holding';
const HOLD_TABLE: Readonly<Record<HoldState, readonly HoldState[]>> = { talking: ['holding'], holding: ['talking'] };

/** SIP channels get music on hold from Asterisk itself when their peer holds (trace j). */
const isSipChannel = (channel: Channel) => (channel.snapshot?.name ?? '').startsWith('PJSIP/');

/**
 * Hold from a phone: its re-INVITE (sendonly / inactive) raises ChannelHold on its channel, and
 * ChannelUnhold on resume. Asterisk plays music on hold to the other party by itself when that
 * party is a SIP channel (a phone or a trunk: trace j), so the app must not start a second one.
 * Any other party (a Local channel: the caller's part in tests against a real Asterisk, a Local
 * half a transfer put in) only gets the HOLD indication passed on to its far half, where nothing
 * plays it: for those the app starts music on hold itself and stops it on ChannelUnhold.
 * ARI's own hold (POST /channels/{id}/hold) tells the phone nothing, so the app never uses it.
 */
export class HoldWatcher {
  private readonly states = new Map<string, StateMachine<HoldState>>();
  /** For each holder, the parties the app started music on. */
  private readonly music = new Map<string, Set<Channel>>();
  private queue: Promise<void> = Promise.resolve();
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly conversation: Conversation) {}

  /** ChannelHold on a party. */
  held(holder: Channel, musicClass: string | undefined): void {
    const state = this.stateOf(holder);
    if (state.is('holding')) return;
    const others = this.conversation.otherParties(holder).map((p) => p.channel);
    const ours = others.filter((c) => !isSipChannel(c));
    state.to('holding', { holder: holder.id, musicByAsterisk: others.filter(isSipChannel).map((c) => c.id), musicByApp: ours.map((c) => c.id) });
    this.music.set(holder.id, new Set(ours));
    this.serially(() => Promise.all(ours.map((c) => this.moh(c, true, musicClass))));
    this.record(holder, this.conversation.session.deps.clock.now());
  }

  /** ChannelUnhold on a party, or the holder left the call. */
  resumed(holder: Channel): void {
    const state = this.states.get(holder.id);
    if (!state?.is('holding')) return;
    state.to('talking', { holder: holder.id });
    const ours = [...(this.music.get(holder.id) ?? [])];
    this.music.delete(holder.id);
    this.serially(() => Promise.all(ours.map((c) => this.moh(c, false))));
    this.record(holder, null);
  }

  /** The database keeps who holds now, for live monitoring (another process) to show. */
  private record(holder: Channel, at: Date | null): void {
    const { session } = this.conversation;
    // In order: a quick hold and resume must not land in the database the other way round.
    this.writes = this.writes
      .then(() => session.deps.records.legHeld(session.callId, holder.id, at))
      .catch((err: unknown) => this.conversation.log.warn({ err }, 'hold not recorded'));
  }

  /** A party left: its own hold ends, and it no longer needs the music others started for it. */
  partyGone(channel: Channel): void {
    this.resumed(channel);
    for (const set of this.music.values()) set.delete(channel);
    this.states.delete(channel.id);
  }

  /** Whether a party holds the call now. */
  isHolding(channel: Channel): boolean {
    return this.states.get(channel.id)?.is('holding') ?? false;
  }

  private stateOf(holder: Channel): StateMachine<HoldState> {
    let state = this.states.get(holder.id);
    if (!state) this.states.set(holder.id, (state = new StateMachine<HoldState>(`hold:${holder.id}`, 'talking', HOLD_TABLE, this.conversation.log)));
    return state;
  }

  // Hold and resume can follow each other faster than ARI answers: keep their requests in order.
  private serially(work: () => Promise<unknown>): void {
    this.queue = this.queue.then(work).then(
      () => undefined,
      (err: unknown) => this.conversation.log.warn({ err }, 'music on hold request failed'),
    );
  }

  private async moh(channel: Channel, start: boolean, musicClass = MOH_CLASS_DEFAULT): Promise<void> {
    try {
      if (start) await channel.request('startMoh', (c) => c.channels.startMoh({ channelId: channel.id, mohClass: musicClass }));
      else await channel.request('stopMoh', (c) => c.channels.stopMoh({ channelId: channel.id }));
    } catch (err) {
      if (!(err instanceof HungUp)) throw err;
    }
  }
}
