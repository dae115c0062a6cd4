import { expect } from 'chai';
import { renderDiagram } from '../../../app/features/scenarios/diagram';
import { definitionToDraft } from '../../../app/features/scenarios/draft';
import { layoutGraph, type Layout } from '../../../app/features/scenarios/layout';
import { diagramModel } from '../../../app/features/scenarios/presenter';
import { templateDefinition } from '../../../app/features/scenarios/templates';
import { scenarioDefinition } from '../../../app/pbx/scenario/schema';
import { translatorFor } from '../../../app/web/i18n';

const overlap = (a: Layout['nodes'][number], b: Layout['nodes'][number]) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const t = translatorFor('ru');
const names = { extensions: new Map([['101', 'Айгерим']]), ringGroups: new Map<number, string>() };

describe('scenario diagram: layered layout and SVG', () => {
  it('given a flow, then each arrow that is not a loop points down a layer, the start is on top, and no boxes overlap', () => {
    const layout = layoutGraph({
      root: 'a',
      nodes: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, lines: 3 })),
      edges: [
        { from: 'a', to: 'b', label: '' },
        { from: 'b', to: 'c', label: '1' },
        { from: 'b', to: 'd', label: '2' },
        { from: 'c', to: 'e', label: '' },
        { from: 'b', to: 'e', label: 'x' },
        { from: 'd', to: 'b', label: 'loop' },
      ],
    });
    const at = new Map(layout.nodes.map((n) => [n.id, n]));
    expect(layout.nodes.map((n) => n.id).sort()).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
    expect(at.get('a')!.layer).to.equal(0);
    for (const e of layout.edges.filter((x) => !x.back)) expect(at.get(e.to)!.layer, `${e.from}→${e.to}`).to.be.greaterThan(at.get(e.from)!.layer);
    expect(layout.edges.find((e) => e.from === 'd' && e.to === 'b')!.back).to.equal(true);
    for (const a of layout.nodes) for (const b of layout.nodes) if (a !== b) expect(overlap(a, b), `${a.id}/${b.id}`).to.equal(false);
    for (const n of layout.nodes) expect(n.x + n.width).to.be.at.most(layout.width);
  });

  it('given an arrow that skips a layer, then it bends round the box in between instead of crossing it', () => {
    const layout = layoutGraph({ root: 'a', nodes: ['a', 'b', 'c'].map((id) => ({ id, lines: 2 })), edges: [{ from: 'a', to: 'b', label: '' }, { from: 'b', to: 'c', label: '' }, { from: 'a', to: 'c', label: 'skip' }] });
    const b = layout.nodes.find((n) => n.id === 'b')!;
    const skip = layout.edges.find((e) => e.label === 'skip')!;
    const xs = [...skip.path.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]).filter(([, y]) => y >= b.y && y <= b.y + b.height).map(([x]) => x);
    expect(xs.length).to.be.greaterThan(0);
    for (const x of xs) expect(x < b.x || x > b.x + b.width, `x=${x}`).to.equal(true);
  });

  it('given the business-hours template, then the SVG has a box per step and a labelled arrow per exit', () => {
    const def = templateDefinition('business_hours', { extensions: [{ exten: '101', name: 'Айгерим' }, { exten: '102', name: 'Бауыржан' }], everyoneGroupId: null, lang: 'ru' });
    const svg = renderDiagram(diagramModel(definitionToDraft('Офис <main>', def), t, names, new Set()));
    expect(svg.startsWith('<svg')).to.equal(true);
    for (const id of Object.keys(def.steps)) expect(svg, id).to.contain(`<g class="node" data-step="${id}">`);
    const edge = (from: string, to: string) => new RegExp(`<g class="edge" data-from="${from}" data-to="${to}">[\\s\\S]*?</g>`).exec(svg)?.[0] ?? '';
    expect(edge('hours', 'menu')).to.contain('открыто');
    expect(edge('hours', 'voicemail')).to.contain('закрыто');
    expect(edge('menu', 'dial-101')).to.contain('>1<');
    expect(edge('menu', 'dial-102')).to.contain('>2<');
    expect(edge('menu', 'voicemail')).to.contain('нет выбора');
    expect(edge('dial-101', 'voicemail')).to.contain('нет ответа');
    expect(svg).to.contain('Офис &lt;main&gt;').and.not.contain('<main>');
    expect(svg).to.contain('Внутренний 101 Айгерим');
  });

  it('given an exit to a step that does not exist, then a dashed box names the missing step', () => {
    const def = scenarioDefinition.parse({ start: 'a', steps: { a: { type: 'hangup' } } });
    const draft = definitionToDraft('x', def);
    draft.steps.push({ ...draft.steps[0], id: 'g', type: 'greeting', next: 'ghost' });
    const svg = renderDiagram(diagramModel(draft, t, names, new Set(['g'])));
    expect(svg).to.contain('data-step="ghost"').and.contain('Нет такого шага').and.contain('data-from="g" data-to="ghost"');
  });
});

describe('scenario diagram: steps not connected yet', () => {
  it('given steps with no arrows, then they wait below the flow in rows of at most three', () => {
    const layout = layoutGraph({ root: 'a', nodes: ['a', 'b', 'l1', 'l2', 'l3', 'l4'].map((id) => ({ id, lines: 2 })), edges: [{ from: 'a', to: 'b', label: '' }] });
    const layer = new Map(layout.nodes.map((n) => [n.id, n.layer]));
    expect([layer.get('a'), layer.get('b')]).to.deep.equal([0, 1]);
    expect(['l1', 'l2', 'l3', 'l4'].map((id) => layer.get(id))).to.deep.equal([2, 2, 2, 3]);
  });
});
