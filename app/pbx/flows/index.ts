import type { Flows } from '../dispatcher';
import type { PbxDeps } from '../deps';
import { inboundFlow } from './inbound';
import { internalFlow } from './internal';

/** The flow for each kind of new call. */
export function buildFlows(_deps: PbxDeps): Flows {
  return {
    inbound: inboundFlow,
    internal: internalFlow,
    // A blind transfer's target, for now dialled like a phone's call (transfers proper: issue 3 in progress).
    transferred: (session, args) => internalFlow(session, { kind: 'internal', exten: args.exten }),
  };
}
