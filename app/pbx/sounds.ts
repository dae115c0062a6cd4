/**
 * Sounds the engine plays on its own. The vpbx/ ones are ours (spoken by speech synthesis into
 * Asterisk's sounds directory); the others ship with Asterisk's core sounds.
 */
export const SOUNDS = {
  serviceSuspended: 'vpbx/service-suspended',
  noFunds: 'vpbx/no-funds',
  numberNotInService: 'ss-noservice',
  recordingWarning: 'vpbx/recording-warning',
  cannotComplete: 'cannot-complete-as-dialed',
} as const;
