/** Q.850 hang-up causes as Asterisk names them. */

const CAUSE_TEXT: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  20: 'Subscriber absent',
  21: 'Call Rejected',
  26: 'Answered elsewhere',
  27: 'Destination out of order',
  28: 'Invalid number format (addressing incomplete)',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  58: 'Bearer capability not available',
  127: 'Interworking, unspecified',
};

/** DELETE /channels/{id}?reason=... */
export const HANGUP_REASONS: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 18,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};

export const CAUSE = {
  normal: 16,
  busy: 17,
  noResponse: 18,
  noAnswer: 19,
  unavailable: 20,
  congestion: 34,
} as const;

/** The text Asterisk puts in cause_txt. */
export function causeText(cause: number): string {
  return CAUSE_TEXT[cause] ?? 'Unknown';
}

/** The Dial event's dialstatus for a far end that ended the attempt. */
export function dialStatusFor(cause: number): string {
  if (cause === CAUSE.busy) return 'BUSY';
  if (cause === CAUSE.congestion) return 'CONGESTION';
  if (cause === CAUSE.noAnswer || cause === CAUSE.noResponse) return 'NOANSWER';
  return 'CHANUNAVAIL';
}
