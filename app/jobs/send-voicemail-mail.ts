import { deliverPendingVoicemail } from '../features/voicemail/mail';
import type { Job } from './job';

/** E-mails voicemail messages the engine saved but could not mail itself (any process, any restart). */
export const sendVoicemailMail: Job = {
  name: 'send-voicemail-mail',
  schedule: '* * * * *',
  run: (deps) => deliverPendingVoicemail(deps),
};
