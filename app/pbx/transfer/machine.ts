import type { Logger } from '../../logger';

/** A transition the machine's table does not allow: a bug in the operation, never a caller's doing. */
export class IllegalTransition extends Error {
  constructor(machine: string, from: string, to: string) {
    super(`${machine}: no transition ${from} → ${to}`);
    this.name = 'IllegalTransition';
  }
}

/**
 * A small explicit state machine: named states, the transitions each allows, and a log line for
 * every transition, so a transfer's way through its states can be read back from the logs.
 * States with no outgoing transition are final.
 */
export class StateMachine<S extends string> {
  private current: S;
  /** Every state the machine has been in, in order. */
  readonly history: S[];

  constructor(
    readonly name: string,
    initial: S,
    private readonly table: Readonly<Record<S, readonly S[]>>,
    private readonly log: Logger,
  ) {
    this.current = initial;
    this.history = [initial];
    this.log.info({ machine: name, state: initial }, 'state machine started');
  }

  get state(): S {
    return this.current;
  }

  /** Whether the machine reached a state it cannot leave. */
  get final(): boolean {
    return this.table[this.current].length === 0;
  }

  is(...states: S[]): boolean {
    return states.includes(this.current);
  }

  /** Moves to `next`, logging why; throws IllegalTransition when the table does not allow it. */
  to(next: S, detail: Record<string, unknown> = {}): void {
    if (!this.table[this.current].includes(next)) throw new IllegalTransition(this.name, this.current, next);
    this.log.info({ ...detail, machine: this.name, from: this.current, to: next }, 'state machine transition');
    this.current = next;
    this.history.push(next);
  }
}
