import type { AriEvent } from '../ari/event-router';
import { Channel } from '../call/channel';
import type { Conversation, Party, TransferOperation } from './conversation';
import { StateMachine } from './machine';

export type MergeState = 'linked' | 'merging' | 'merged' | 'kept-linked';

const MERGE_TABLE: Readonly<Record<MergeState, readonly MergeState[]>> = {
  linked: ['merging', 'kept-linked'],
  merging: ['merged'],
  merged: [],
  'kept-linked': [],
};

/** The Local halves Asterisk linked the two bridges with (BridgeAttendedTransfer, destination_type "link"). */
function linkIds(event: AriEvent): string[] {
  return [event.destination_link_first_leg?.id, event.destination_link_second_leg?.id].filter((id): id is string => Boolean(id));
}

/**
 * A phone's attended transfer (REFER with Replaces), after Asterisk did it its way: both calls'
 * bridges stay, linked by a Local pair (trace m), and two call records would go on for one
 * conversation. The older call keeps it: its conversation takes the other call's remaining party
 * into its own bridge and drops the Local pair; the other call, left with nobody, ends there.
 * When the other call is not in this process, the link stays as Asterisk made it.
 */
export class AttendedMerge implements TransferOperation {
  readonly state: StateMachine<MergeState>;

  constructor(
    private readonly keeper: Conversation,
    private readonly donor: Conversation | undefined,
    private readonly event: AriEvent,
  ) {
    this.state = new StateMachine(`attended-merge:${keeper.session.callId}`, 'linked', MERGE_TABLE, keeper.log);
  }

  async run(): Promise<void> {
    const links = linkIds(this.event);
    const remote = this.donor && [...this.donor.parties.values()].find((p) => !links.includes(p.channel.id) && p.role !== 'local' && p.channel.isUp);
    if (!this.donor || !remote) {
      return this.state.to('kept-linked', { otherBridge: this.donor?.bridgeId ?? null, reason: this.donor ? 'nobody left in the other call' : 'other call not here' });
    }
    this.state.to('merging', { otherBridge: this.donor.bridgeId, party: remote.channel.id });
    await this.takeOver(this.donor, remote);
    const here = [...this.keeper.parties.values()].filter((p) => links.includes(p.channel.id) || p.role === 'local');
    for (const local of here) await this.keeper.dismiss(local.channel);
    this.state.to('merged', { party: remote.channel.id, dropped: here.map((p) => p.channel.id) });
  }

  /** The Local pair's going is what the merge is after. */
  partyGone(): void {}

  private async takeOver(donor: Conversation, remote: Party): Promise<void> {
    const moved = new Channel(this.keeper.node, remote.channel.id, remote.channel.snapshot);
    // ARI moves a channel that is in another Stasis bridge: it departs that one first.
    try {
      await this.keeper.join(moved, 'transfer');
    } catch (err) {
      moved.dispose();
      throw err;
    }
    await donor.release(remote.channel);
  }
}
