/** SIP status <-> Q.850 cause, as res_pjsip maps them (ast_sip_hangup_sip2cause / hangup_cause2sip). */

const CAUSE_FOR_STATUS: Record<number, number> = {
  401: 21, 403: 21, 404: 1, 407: 21, 408: 18, 410: 22, 480: 19, 484: 28, 485: 1, 486: 17,
  488: 58, 500: 38, 502: 27, 503: 34, 600: 17, 603: 21, 604: 1, 606: 58,
};

const STATUS_FOR_CAUSE: Record<number, number> = {
  1: 404, 3: 404, 17: 486, 18: 408, 19: 480, 20: 480, 21: 403, 22: 410, 27: 502, 28: 484, 31: 480,
  34: 503, 38: 500, 58: 488, 127: 500,
};

/** The hang-up cause of a dialed channel whose UA answered the INVITE with `status`. */
export function causeForStatus(status: number): number {
  return CAUSE_FOR_STATUS[status] ?? 127;
}

/** The final response to a caller's INVITE when its channel hangs up before answer (603 when unmapped). */
export function statusForCause(cause: number): number {
  return STATUS_FOR_CAUSE[cause] ?? 603;
}
