/** A graph to lay out: boxes (with as many text lines as they need) and labelled arrows between them. */
export interface GraphInput {
  nodes: { id: string; lines: number }[];
  edges: { from: string; to: string; label: string }[];
  /** Placed in the top layer; the others follow the arrows down. */
  root?: string;
}

export interface PlacedNode {
  id: string;
  layer: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  label: string;
  /** True for an arrow going back up (a loop) or sideways: drawn round the right of the boxes. */
  back: boolean;
  path: string;
  labelX: number;
  labelY: number;
}

export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export const BOX_WIDTH = 200;
const LINE_HEIGHT = 16;
const BOX_PADDING = 12;
const GAP_X = 40;
const GAP_Y = 70;
const MARGIN = 20;
/** Room on the right for arrows going back up. */
const BACK_LANE = 60;

/**
 * Layered (Sugiyama-style) layout, top to bottom: arrows that close a loop are set aside,
 * each box goes one layer below the lowest box pointing to it, and a barycentre sweep orders
 * each layer to keep arrows from crossing.
 */
export function layoutGraph(input: GraphInput): Layout {
  const ids = input.nodes.map((n) => n.id);
  const known = new Set(ids);
  const edges = input.edges.filter((e) => known.has(e.from) && known.has(e.to));
  const backEdges = findBackEdges(ids, edges, input.root);
  const layers = assignLayers(ids, edges.filter((e, i) => !backEdges.has(i)));
  // Steps not connected to anything yet (just added) wait in rows of three below the flow, not in one wide row.
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  const loose = ids.filter((id) => !linked.has(id) && id !== input.root && ids.length > 1);
  const bottom = Math.max(0, ...ids.filter((id) => !loose.includes(id)).map((id) => layers.get(id)!)) + 1;
  loose.forEach((id, k) => layers.set(id, bottom + Math.floor(k / 3)));
  // An arrow crossing several layers passes through a waypoint in each, so it bends round the boxes between.
  const waypoints = new Map<number, string[]>();
  const links: GraphInput['edges'] = [];
  edges.forEach((e, i) => {
    const span = layers.get(e.to)! - layers.get(e.from)!;
    if (backEdges.has(i) || span <= 1) return links.push(e);
    const chain = Array.from({ length: span - 1 }, (_, k) => `\u0000${i}.${k}`);
    chain.forEach((w, k) => layers.set(w, layers.get(e.from)! + k + 1));
    waypoints.set(i, chain);
    [e.from, ...chain, e.to].slice(1).forEach((to, k, rest) => links.push({ from: k === 0 ? e.from : rest[k - 1], to, label: '' }));
  });
  const rows = orderLayers([...ids, ...[...waypoints.values()].flat()], layers, links);
  const placed = placeNodes(rows, new Map(input.nodes.map((n) => [n.id, n.lines])));
  const byId = new Map(placed.map((p) => [p.id, p]));
  const contentWidth = Math.max(...placed.map((p) => p.x + p.width), MARGIN * 2);
  const placedEdges = edges.map((e, i) =>
    routeEdge(e, byId.get(e.from)!, byId.get(e.to)!, (waypoints.get(i) ?? []).map((w) => byId.get(w)!), backEdges.has(i) || layers.get(e.to)! <= layers.get(e.from)!, contentWidth, i),
  );
  const height = Math.max(...placed.map((p) => p.y + p.height), 0) + MARGIN;
  return { width: contentWidth + BACK_LANE + MARGIN, height, nodes: placed.filter((p) => known.has(p.id)), edges: placedEdges };
}

/** Indexes of edges that point back into the current depth-first path (the root is visited first). */
function findBackEdges(ids: string[], edges: GraphInput['edges'], root?: string): Set<number> {
  const out = new Map<string, number[]>(ids.map((id) => [id, []]));
  edges.forEach((e, i) => out.get(e.from)!.push(i));
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<number>();
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const i of out.get(id)!) {
      const to = edges[i].to;
      if (state.get(to) === 'open') back.add(i);
      else if (!state.has(to)) visit(to);
    }
    state.set(id, 'done');
  };
  for (const id of root && ids.includes(root) ? [root, ...ids] : ids) if (!state.has(id)) visit(id);
  return back;
}

/** Longest path from a source over the loop-free arrows: every arrow then points downwards. */
function assignLayers(ids: string[], edges: GraphInput['edges']): Map<string, number> {
  const layer = new Map(ids.map((id) => [id, 0]));
  for (let pass = 0; pass < ids.length; pass++) {
    let changed = false;
    for (const e of edges) {
      const wanted = layer.get(e.from)! + 1;
      if (layer.get(e.to)! < wanted) {
        layer.set(e.to, wanted);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return layer;
}

function orderLayers(ids: string[], layers: Map<string, number>, edges: GraphInput['edges']): string[][] {
  const rows: string[][] = [];
  for (const id of ids) (rows[layers.get(id)!] ??= []).push(id);
  const compact = rows.filter(Boolean);
  const position = new Map<string, number>();
  compact.forEach((row) => row.forEach((id, i) => position.set(id, i)));
  for (let r = 1; r < compact.length; r++) {
    const parentsOf = (id: string) => edges.filter((e) => e.to === id && position.has(e.from) && compact[r - 1].includes(e.from)).map((e) => position.get(e.from)!);
    const weight = new Map(compact[r].map((id, i) => {
      const ps = parentsOf(id);
      return [id, ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : i];
    }));
    compact[r].sort((a, b) => weight.get(a)! - weight.get(b)!);
    compact[r].forEach((id, i) => position.set(id, i));
  }
  return compact;
}

const WAYPOINT_WIDTH = 24;
const widthOf = (id: string, lines: Map<string, number>) => (lines.has(id) ? BOX_WIDTH : WAYPOINT_WIDTH);
const rowWidth = (row: string[], lines: Map<string, number>) => row.reduce((sum, id) => sum + widthOf(id, lines), 0) + (row.length - 1) * GAP_X;

function placeNodes(rows: string[][], lines: Map<string, number>): PlacedNode[] {
  const fullWidth = Math.max(...rows.map((r) => rowWidth(r, lines)), BOX_WIDTH);
  const placed: PlacedNode[] = [];
  let y = MARGIN;
  rows.forEach((row, layer) => {
    const rowHeight = Math.max(...row.map((id) => (lines.has(id) ? boxHeight(lines.get(id)!) : 0)));
    let x = MARGIN + (fullWidth - rowWidth(row, lines)) / 2;
    for (const id of row) {
      const width = widthOf(id, lines);
      placed.push({ id, layer, x, y, width, height: lines.has(id) ? boxHeight(lines.get(id)!) : rowHeight });
      x += width + GAP_X;
    }
    y += rowHeight + GAP_Y;
  });
  return placed;
}

/** Height of a box holding `lines` lines of text. */
export const boxHeight = (lines: number) => BOX_PADDING * 2 + Math.max(1, lines) * LINE_HEIGHT;

function routeEdge(e: GraphInput['edges'][number], from: PlacedNode, to: PlacedNode, via: PlacedNode[], back: boolean, contentWidth: number, index: number): PlacedEdge {
  if (back || from.id === to.id) {
    // Out of the source's right side, along a lane right of everything, into the target's right side.
    const lane = contentWidth + 15 + (index % 3) * 15;
    const y1 = from.y + from.height / 2 + 6;
    const y2 = to.y + to.height / 2 - 6;
    const x1 = from.x + from.width;
    const x2 = to.x + to.width;
    return { ...e, back: true, path: `M${x1},${y1} C${lane},${y1} ${lane},${y2} ${x2},${y2}`, labelX: lane - 12, labelY: (y1 + y2) / 2 };
  }
  // Bottom of the source, straight down through each waypoint, top of the target; curves between layers.
  const points: [number, number][] = [[from.x + from.width / 2, from.y + from.height]];
  for (const w of via) points.push([w.x + w.width / 2, w.y], [w.x + w.width / 2, w.y + w.height]);
  points.push([to.x + to.width / 2, to.y]);
  let path = `M${points[0][0]},${points[0][1]}`;
  for (let k = 1; k < points.length; k++) {
    const [x1, y1] = points[k - 1];
    const [x2, y2] = points[k];
    const bend = (y2 - y1) / 2;
    path += k % 2 === 1 ? ` C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}` : ` L${x2},${y2}`;
  }
  const [[ax, ay], [bx, by]] = [points[0], points[1]];
  return { ...e, back: false, path, labelX: (ax + bx) / 2, labelY: (ay + by) / 2 };
}
