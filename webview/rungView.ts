// The panel's rung view of a multi-fidelity run (halving, hyperband): which rung each candidate
// reached (a table column and a line of the hover) and, in the detail card, the selected
// candidate's curve across its rungs: the first objective against the fidelity level, drawn as
// a small SVG so it needs no chart instance per selection. Runs without fidelity show none of it.
import type { FidelityLevel } from '../src/core/estimate/fidelity';
import { rungHistory, rungLabel } from '../src/core/run/rungs';
import type { CandidateRecord } from '../src/core/run/types';
import { formatMetric } from '../src/protocol/formatMetric';

/** The table's column of rungs (sorted by the rung number). */
export const RUNG_COLUMN = 'rung';

/** Whether the run evaluates at fidelity levels: a multi-fidelity strategy gives every record one. */
export function hasRungs(records: readonly CandidateRecord[]): boolean {
  return records[0]?.fidelity !== undefined;
}

/** The table cell: "2 · epochs 3". */
export function rungCell(f: FidelityLevel | undefined): string {
  return f ? rungLabel(f).replace(/^rung /, '') : '';
}

/** The hover's line: "rung 2 · epochs 3", or none. */
export function rungHoverLines(r: CandidateRecord): string[] {
  return r.fidelity ? [rungLabel(r.fidelity)] : [];
}

const SVG = 'http://www.w3.org/2000/svg';
const W = 280;
const H = 120;
const PAD = { left: 44, right: 12, top: 10, bottom: 28 };

/** Colours by part, set through the CSSOM (the panel's CSP refuses style attributes, and SVG attributes cannot name the theme's variables). */
const LOOK: Record<string, Partial<CSSStyleDeclaration>> = {
  axis: { stroke: 'var(--vscode-descriptionForeground)', strokeWidth: '1' },
  label: { fill: 'var(--vscode-descriptionForeground)', fontSize: '10px' },
  curve: { stroke: 'var(--vscode-charts-blue)', strokeWidth: '2', fill: 'none' },
  point: { fill: 'var(--vscode-charts-blue)' },
};

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  Object.assign(e.style, LOOK[String(attrs.class)] ?? {});
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * The selected candidate's `metric` at each rung it was evaluated at, against the fidelity level
 * (a log axis when the levels grow geometrically, as halving's do). Empty for a run without rungs.
 */
export function renderRungCurve(container: HTMLElement, records: readonly CandidateRecord[], key: string, metric: string | undefined): void {
  const history = metric ? rungHistory(records, key) : [];
  if (!metric || history.length === 0) {
    container.replaceChildren();
    return;
  }
  const points = history.filter((r) => Number.isFinite(r.metrics[metric])).map((r) => ({ level: r.fidelity!.value, value: r.metrics[metric] }));
  const setting = history[0].fidelity!.setting;
  const title = Object.assign(document.createElement('div'), { className: 'nas-group', textContent: `${metric} across rungs (${history.length} of them: ${history.map((r) => `${setting} ${r.fidelity!.value}`).join(', ')})` });
  container.dataset.testid = 'nas-rung-curve';
  container.dataset.points = String(points.length);
  if (points.length === 0) {
    container.replaceChildren(title);
    return;
  }
  const levels = points.map((p) => p.level);
  const log = Math.min(...levels) > 0;
  const lx = (v: number) => (log ? Math.log(v) : v);
  const [x0, x1] = [lx(Math.min(...levels)), lx(Math.max(...levels))];
  const values = points.map((p) => p.value);
  const [y0, y1] = [Math.min(...values), Math.max(...values)];
  const px = (v: number) => PAD.left + (x1 > x0 ? ((lx(v) - x0) / (x1 - x0)) * (W - PAD.left - PAD.right) : (W - PAD.left - PAD.right) / 2);
  const py = (v: number) => PAD.top + (y1 > y0 ? (1 - (v - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom) : (H - PAD.top - PAD.bottom) / 2);
  const chart = svg('svg', { class: 'nas-rung-chart', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': `${metric} by ${setting}` });
  chart.append(
    svg('line', { class: 'axis', x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }),
    svg('line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom }),
    svg('text', { class: 'label', x: PAD.left - 4, y: py(y1) + 4, 'text-anchor': 'end' }, formatMetric(y1)),
    svg('text', { class: 'label', x: (PAD.left + W - PAD.right) / 2, y: H - 4, 'text-anchor': 'middle' }, setting),
    svg('polyline', { class: 'curve', points: points.map((p) => `${px(p.level)},${py(p.value)}`).join(' ') }),
  );
  if (y1 > y0) chart.append(svg('text', { class: 'label', x: PAD.left - 4, y: py(y0), 'text-anchor': 'end' }, formatMetric(y0)));
  for (const p of points) {
    const dot = svg('circle', { class: 'point', cx: px(p.level), cy: py(p.value), r: 3.5 });
    dot.append(svg('title', {}, `${setting} ${p.level}: ${metric} ${formatMetric(p.value)}`));
    chart.append(dot, svg('text', { class: 'label', x: px(p.level), y: H - PAD.bottom + 12, 'text-anchor': 'middle' }, String(p.level)));
  }
  container.replaceChildren(title, chart);
}
