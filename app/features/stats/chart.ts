import type { Measures } from './aggregate';

/** The stacked parts of a bar, bottom up, with the colours the legend and tables use. */
export const SERIES = [
  { key: 'answered', colour: '#2e7d4f' },
  { key: 'missed', colour: '#d9534f' },
  { key: 'lost_in_menu', colour: '#f0ad4e' },
  { key: 'other', colour: '#9aa5b8' },
] as const;

const WIDTH = 720;
const HEIGHT = 160;
const TOP = 12;
const BOTTOM = 22;
const LEFT = 34;

const parts = (m: Measures) => [m.answered, m.missed, m.lostInMenu, Math.max(0, m.calls - m.answered - m.missed - m.lostInMenu)];

/**
 * A stacked bar chart as plain SVG shapes (drawn by the server, no script): one bar per label,
 * a tooltip per bar, and a label under every bar or every few when there are many.
 */
export function barChart(bars: { label: string; title: string; measures: Measures }[]) {
  const max = Math.max(1, ...bars.map((b) => b.measures.calls));
  const plot = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(1, bars.length);
  const every = Math.ceil(bars.length / 16);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    width: WIDTH,
    height: HEIGHT,
    axisX: LEFT,
    axisY: HEIGHT - BOTTOM,
    axisEnd: WIDTH,
    max,
    maxY: TOP,
    bars: bars.map((bar, i) => {
      let y = HEIGHT - BOTTOM;
      const x = round(LEFT + i * slot + slot * 0.15);
      const segments = parts(bar.measures).map((value, s) => {
        const h = round((value / max) * plot);
        y = round(y - h);
        return { x, y, width: round(slot * 0.7), height: h, colour: SERIES[s].colour };
      }).filter((s) => s.height > 0);
      return { title: bar.title, segments, label: i % every === 0 ? bar.label : '', labelX: round(LEFT + (i + 0.5) * slot), labelY: HEIGHT - 6 };
    }),
  };
}
