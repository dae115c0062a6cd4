import type { StepHandler } from '../context';
import type { StepOf } from '../schema';

/** Weekday (1 = Monday … 7 = Sunday), date and minute of day of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): { weekday: number; date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1;
  return { weekday, date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the schedule is open at an instant; a range ending before it starts runs past midnight. */
export function isOpen(step: Pick<StepOf<'time_condition'>, 'schedule' | 'holidays'>, at: Date, timeZone: string): boolean {
  const now = localTime(at, timeZone);
  if (step.holidays.includes(now.date)) return false;
  return step.schedule.some((range) => {
    const from = toMinutes(range.from);
    const to = toMinutes(range.to);
    if (from <= to) return range.days.includes(now.weekday) && now.minutes >= from && now.minutes < to;
    const yesterday = now.weekday === 1 ? 7 : now.weekday - 1;
    return (range.days.includes(now.weekday) && now.minutes >= from) || (range.days.includes(yesterday) && now.minutes < to);
  });
}

export const timeCondition: StepHandler<'time_condition'> = async (step, ctx) => {
  const timeZone = ctx.session.account?.timeZone ?? 'Asia/Almaty';
  return isOpen(step, ctx.session.deps.clock.now(), timeZone) ? step.open : step.closed;
};
