import type { AriNode } from '../ari/node';
import type { Conversation } from './conversation';

/**
 * The calls of one Asterisk node that are in their talking phase, found by their bridge id and
 * by the Local channels a phone's transfer put into them. Transfers join two things Asterisk
 * reports separately: the Local half that took a party's place in our bridge (seen by the call's
 * conversation) and the other half entering Stasis(transferred) as if it were a new call, or the
 * two bridges of an attended transfer. In-process only by nature (it holds live objects); what
 * must survive a restart is in Asterisk (linkedid) and in the call records.
 */
export class TransferRegistry {
  private readonly byBridge = new Map<string, Conversation>();
  private readonly byLocal = new Map<string, Conversation>();
  private readonly waiting = new Map<string, Set<(c: Conversation) => void>>();

  addBridge(bridgeId: string, conversation: Conversation): void {
    this.byBridge.set(bridgeId, conversation);
  }

  conversationOf(bridgeId: string): Conversation | undefined {
    return this.byBridge.get(bridgeId);
  }

  /** A Local pair (by its name without ;1/;2) now works for this conversation. */
  expectLocal(pair: string, conversation: Conversation): void {
    this.byLocal.set(pair, conversation);
    for (const resolve of this.waiting.get(pair) ?? []) resolve(conversation);
    this.waiting.delete(pair);
  }

  /** The conversation a Local pair works for; waits up to `ms`, as Asterisk may start the ;2 half first. */
  waitLocal(pair: string, ms: number): Promise<Conversation | undefined> {
    const known = this.byLocal.get(pair);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const set = this.waiting.get(pair) ?? new Set();
      this.waiting.set(pair, set);
      const done = (c: Conversation | undefined) => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiting.get(pair) === set) this.waiting.delete(pair);
        resolve(c);
      };
      const timer = setTimeout(() => done(undefined), ms);
      set.add(done);
    });
  }

  /** The conversation is over: forget it and its Local pairs. */
  remove(conversation: Conversation): void {
    for (const [id, c] of this.byBridge) if (c === conversation) this.byBridge.delete(id);
    for (const [pair, c] of this.byLocal) if (c === conversation) this.byLocal.delete(pair);
  }

  /** How many entries are held: a leak shows here. */
  get size(): number {
    return this.byBridge.size + this.byLocal.size + this.waiting.size;
  }
}

/** A Local channel's pair name: `Local/103@phone-transfers-0000002a;1` → `Local/103@phone-transfers-0000002a`. */
export function localPairName(channelName: string | undefined): string | undefined {
  return channelName && /^Local\/.+;[12]$/.test(channelName) ? channelName.slice(0, -2) : undefined;
}

// The dispatcher and PbxDeps belong to other parts of the engine; until the registry is passed in
// from the composition root, each node object carries its own, and it goes with the node.
const registries = new WeakMap<AriNode, TransferRegistry>();

/** The registry of a node's conversations. */
export function registryOf(node: AriNode): TransferRegistry {
  let registry = registries.get(node);
  if (!registry) registries.set(node, (registry = new TransferRegistry()));
  return registry;
}
