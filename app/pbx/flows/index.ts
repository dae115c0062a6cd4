import type { Flows } from '../dispatcher';
import type { PbxDeps } from '../deps';
import { clickToCallFlow } from './click-to-call';
import { inboundFlow } from './inbound';
import { internalFlow } from './internal';
import { transferredFlow } from './transferred';

/** The flow for each kind of new call. */
export function buildFlows(_deps: PbxDeps): Flows {
  return {
    inbound: inboundFlow,
    internal: internalFlow,
    transferred: transferredFlow,
    'click-to-call': clickToCallFlow,
  };
}
