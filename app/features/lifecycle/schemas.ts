import { z } from 'zod';

/** The owner ticks that they understand what switching off means. */
export const serviceEndForm = z.object({
  confirm: z.literal('on', { error: 'lifecycle.service_end.confirm_required' }),
});
