import type { PhoneNumber } from './entities';

/** +77271234567 as people read it: +7 727 123 45 67; other countries' numbers stay as they are. */
export function formatE164(e164: string): string {
  const kz = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return kz ? `+7 ${kz[1]} ${kz[2]} ${kz[3]} ${kz[4]}` : e164;
}

export interface NumberView {
  id: number;
  e164: string;
  display: string;
  label: string | null;
  scenarioId: number | null;
  scenarioName: string | null;
}

/** One number for pages: formatted, with the name of the scenario it runs. */
export function presentNumber(n: PhoneNumber, scenarioNames: Map<number, string>): NumberView {
  return {
    id: n.id,
    e164: n.e164,
    display: formatE164(n.e164),
    label: n.label,
    scenarioId: n.scenarioId,
    scenarioName: n.scenarioId === null ? null : (scenarioNames.get(n.scenarioId) ?? null),
  };
}
