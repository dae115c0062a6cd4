import { clock, extensionLabel } from '../calls/presenter';
import type { LiveCallRow } from './service';

/** One call in progress for the page and the event stream alike; state is a translation-key suffix. */
export function presentLiveCall(row: LiveCallRow, now: Date) {
  const elapsedSeconds = Math.max(0, Math.floor((now.getTime() - row.startedAt.getTime()) / 1000));
  return {
    id: row.id,
    direction: row.direction,
    from: row.fromNumber ?? '',
    to: row.toNumber ?? '',
    extension: extensionLabel(row),
    state: row.state,
    recording: row.recording,
    /** Seconds since the call began, as of `now`: the page counts on from there with its own clock. */
    elapsedSeconds,
    elapsed: clock(elapsedSeconds),
  };
}

export type PresentedLiveCall = ReturnType<typeof presentLiveCall>;
