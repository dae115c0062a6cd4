import type { StepHandler } from '../context';
import type { Step } from '../schema';
import { dial } from './dial';
import { forward } from './forward';
import { greeting } from './greeting';
import { hangup } from './hangup';
import { listCheck } from './list-check';
import { menu } from './menu';
import { timeCondition } from './time-condition';
import { voicemail } from './voicemail';

/** One handler per step type; the engine looks them up here. */
export const stepHandlers: { [T in Step['type']]: StepHandler<T> } = {
  greeting,
  menu,
  time_condition: timeCondition,
  list_check: listCheck,
  dial,
  forward,
  voicemail,
  hangup,
};
