import { layoutGraph } from './layout';

/** A box of the diagram: the step id, its type, a few key facts. */
export interface DiagramNode {
  id: string;
  title: string;
  details: string[];
  /** start: where calls begin; end: the call can finish here; missing: an exit names a step that does not exist; error: the step has a problem. */
  marks: ('start' | 'end' | 'missing' | 'error')[];
}

export interface DiagramModel {
  nodes: DiagramNode[];
  edges: { from: string; to: string; label: string }[];
  title: string;
}

const LINE = 16;
const MAX_CHARS = 26;

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const clip = (s: string) => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS - 1)}…` : s);

/** The scenario drawn as an SVG document (rendered on the server, no script): boxes per step, arrows per exit. */
export function renderDiagram(model: DiagramModel): string {
  const merged = mergeParallelEdges(model.edges);
  const layout = layoutGraph({
    nodes: model.nodes.map((n) => ({ id: n.id, lines: 2 + n.details.length })),
    edges: merged,
    root: model.nodes.find((n) => n.marks.includes('start'))?.id,
  });
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="scenario-diagram" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="${escapeXml(model.title)}">`,
    `<title>${escapeXml(model.title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b6475"/></marker></defs>',
  ];
  for (const e of layout.edges) {
    parts.push(`<g class="edge" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}">`);
    parts.push(`<path d="${e.path}" fill="none" stroke="${e.back ? '#b54708' : '#5b6475'}" stroke-width="1.5"${e.back ? ' stroke-dasharray="5 3"' : ''} marker-end="url(#arrow)"/>`);
    if (e.label) {
      const w = Math.min(e.label.length, MAX_CHARS) * 7 + 8;
      parts.push(`<rect x="${e.labelX - w / 2}" y="${e.labelY - 9}" width="${w}" height="16" rx="3" fill="#fff" opacity="0.9"/>`);
      parts.push(`<text x="${e.labelX}" y="${e.labelY + 3}" text-anchor="middle" font-size="12" fill="#1d2433">${escapeXml(clip(e.label))}</text>`);
    }
    parts.push('</g>');
  }
  for (const p of layout.nodes) {
    const n = nodes.get(p.id)!;
    const stroke = n.marks.includes('missing') || n.marks.includes('error') ? '#b42318' : n.marks.includes('start') ? '#0b5fff' : '#8a94a6';
    const fill = n.marks.includes('missing') ? '#fde8e7' : n.marks.includes('end') ? '#f0f7f2' : '#fff';
    parts.push(`<g class="node" data-step="${escapeXml(n.id)}">`);
    parts.push(`<rect x="${p.x}" y="${p.y}" width="${p.width}" height="${p.height}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="${n.marks.includes('start') ? 2.5 : 1.5}"${n.marks.includes('missing') ? ' stroke-dasharray="6 4"' : ''}/>`);
    const lines = [
      `<tspan font-weight="700">${escapeXml(clip(n.id))}</tspan>`,
      `<tspan fill="#5b6475">${escapeXml(clip(n.title))}</tspan>`,
      ...n.details.map((d) => escapeXml(clip(d))),
    ];
    lines.forEach((line, i) => parts.push(`<text x="${p.x + 12}" y="${p.y + 12 + LINE * (i + 1) - 4}" font-size="13" fill="#1d2433">${line}</text>`));
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** Two exits of one step to the same step become one arrow with both labels ("1, 2"). */
function mergeParallelEdges(edges: DiagramModel['edges']): DiagramModel['edges'] {
  const merged = new Map<string, { from: string; to: string; labels: string[] }>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}`;
    const m = merged.get(key) ?? merged.set(key, { from: e.from, to: e.to, labels: [] }).get(key)!;
    if (e.label && !m.labels.includes(e.label)) m.labels.push(e.label);
  }
  return [...merged.values()].map((m) => ({ from: m.from, to: m.to, label: m.labels.join(', ') }));
}
