import { clock } from '../calls/presenter';
import type { Measures } from './aggregate';
import { barChart } from './chart';
import type { Report } from './service';

type T = (key: string, params?: Record<string, string | number>) => string;

/** One row of a statistics table: counts, the answered share and averages as the page shows them. */
export function presentMeasures(label: string, m: Measures) {
  const other = Math.max(0, m.calls - m.answered - m.missed - m.lostInMenu);
  return {
    label,
    calls: m.calls,
    answered: m.answered,
    missed: m.missed,
    lostInMenu: m.lostInMenu,
    other,
    answeredShare: m.calls ? `${Math.round((m.answered / m.calls) * 100)}%` : '—',
    averageWait: m.answered ? clock(Math.round(m.waitMs / m.answered / 1000)) : '—',
    averageTalk: m.answered ? clock(Math.round(m.talkSeconds / m.answered)) : '—',
    talk: clock(m.talkSeconds),
  };
}

export interface Names {
  numbers: Map<number, string>;
  extensions: Map<number, string>;
}

const byCalls = <T extends { measures: Measures }>(rows: T[]) => [...rows].filter((r) => r.measures.calls > 0).sort((a, b) => b.measures.calls - a.measures.calls);

/** The whole report for the page: summary, two charts, four tables. */
export function presentReport(report: Report, names: Names, t: T) {
  const title = (label: string, m: Measures) => t('stats.bar_title', { label, calls: m.calls, answered: m.answered });
  const dayLabel = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;
  const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return {
    summary: presentMeasures(t('stats.total'), report.totals),
    dayChart: barChart(report.days.map((d) => ({ label: d.day.slice(8, 10), title: title(dayLabel(d.day), d.measures), measures: d.measures }))),
    hourChart: barChart(report.hours.map((m, h) => ({ label: String(h), title: title(hourLabel(h), m), measures: m }))),
    days: report.days.filter((d) => d.measures.calls > 0).map((d) => presentMeasures(d.day, d.measures)),
    hours: report.hours.map((m, h) => ({ m, h })).filter(({ m }) => m.calls > 0).map(({ m, h }) => presentMeasures(`${hourLabel(h)}–${hourLabel(h + 1).replace('24:', '00:')}`, m)),
    numbers: byCalls(report.numbers).map((n) => presentMeasures(n.phoneNumberId ? (names.numbers.get(n.phoneNumberId) ?? `#${n.phoneNumberId}`) : t('stats.no_number'), n.measures)),
    extensions: byCalls(report.extensions).map((e) => presentMeasures(e.extensionId ? (names.extensions.get(e.extensionId) ?? `#${e.extensionId}`) : t('stats.no_extension'), e.measures)),
  };
}
