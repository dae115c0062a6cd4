/** What transfers play (Asterisk core sounds). */
export const TRANSFER_SOUNDS = {
  /** To the presser of a feature code naming no extension of the account. */
  invalidTarget: 'pbx-invalid',
  /** To the transferee when the target did not answer and nobody is left to go back to. */
  targetUnavailable: 'vm-nobodyavail',
} as const;
