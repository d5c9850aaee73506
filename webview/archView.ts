// The selected candidate: its metrics, then its architecture drawn: a block summary (one line
// per run of like blocks), each cell as a DAG, and its decisions; the raw op list is a toggle.
// "Compare" pins the candidate shown, and the next one selected is drawn beside it with what
// differs highlighted.
import type { CandidateRecord } from '../src/core/run/types';
import type { DeviceLatencyTotal, SummaryLine } from '../src/core/space/architectureDrawing';
import type { ArchitectureDetail } from '../src/protocol/records';
import { formatCompact, formatMetric } from '../src/protocol/formatMetric';
import { compareArchitectures, type ArchDifference } from './archCompare';
import { cellDiagram } from './cellDiagram';
import { formatShape } from './format';
import { latencyLines } from './latencyHover';
import { button, setDisabled } from './toolkit';

export function renderCandidateSummary(container: HTMLElement, r: CandidateRecord, pareto: boolean, feasible: boolean): void {
  const dl = document.createElement('dl');
  dl.className = 'nas-kv';
  const add = (k: string, v: string) => {
    dl.append(Object.assign(document.createElement('dt'), { textContent: k }), Object.assign(document.createElement('dd'), { textContent: v }));
  };
  add('candidate', `#${r.index}${pareto ? ' ★ Pareto-optimal' : ''}${feasible ? '' : r.status === 'ok' ? ' (infeasible)' : ''}`);
  add('key', r.key);
  add('status', r.status + (r.error ? `: ${r.error}` : ''));
  for (const [k, v] of Object.entries(r.metrics)) add(k, formatMetric(v));
  if (r.backend) add('backend', r.backend);
  container.replaceChildren(dl);
}

function el(tag: string, className: string, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  e.append(...children);
  return e;
}

export class ArchitectureView {
  readonly element = el('div', 'nas-arch');
  private readonly body = el('div', 'nas-arch-body');
  private current: ArchitectureDetail | undefined;
  private pinned: ArchitectureDetail | undefined;
  private opList = false;
  private readonly opListButton = button('Op list', () => this.toggleOpList(), { testId: 'nas-op-list', title: 'Show every primitive operation instead of the drawing' });
  private readonly compareButton = button('Compare', () => this.togglePin(), { testId: 'nas-compare', title: 'Keep this candidate and draw the next one you select beside it' });

  constructor() {
    this.element.dataset.testid = 'nas-arch';
    this.element.append(el('div', 'nas-actions', this.opListButton, this.compareButton), this.body);
    this.clear();
  }

  clear(): void {
    this.current = undefined;
    this.body.replaceChildren();
    this.syncButtons();
  }

  message(text: string, className: 'nas-empty' | 'nas-error'): void {
    this.current = undefined;
    this.body.replaceChildren(el('p', className, text));
    this.syncButtons();
  }

  show(d: ArchitectureDetail): void {
    this.current = d;
    this.render();
  }

  private toggleOpList(): void {
    this.opList = !this.opList;
    this.render();
  }

  private togglePin(): void {
    this.pinned = this.pinned ? undefined : this.current;
    this.render();
  }

  private syncButtons(): void {
    setDisabled(this.opListButton, !this.current);
    setDisabled(this.compareButton, !this.current && !this.pinned);
    this.opListButton.textContent = this.opList ? 'Drawing' : 'Op list';
    this.compareButton.textContent = this.pinned ? 'Stop comparing' : 'Compare';
  }

  private render(): void {
    this.syncButtons();
    const d = this.current;
    if (!d) return;
    const other = this.pinned && this.pinned.key !== d.key ? this.pinned : undefined;
    if (!other) {
      const hint = this.pinned ? [el('p', 'nas-empty', 'Select another candidate to compare it with this one.')] : [];
      this.body.replaceChildren(...hint, this.column(d, undefined, undefined));
      return;
    }
    const compare = el('div', 'nas-compare',
      this.column(other, compareArchitectures(other, d), d, 'pinned'),
      this.column(d, compareArchitectures(d, other), other, 'selected'));
    compare.dataset.testid = 'nas-compare-view';
    this.body.replaceChildren(compare);
  }

  private column(d: ArchitectureDetail, diff: ArchDifference | undefined, other: ArchitectureDetail | undefined, title?: string): HTMLElement {
    const col = el('div', 'nas-arch-column');
    col.dataset.key = d.key;
    if (title) col.append(el('h3', '', `${title}: ${d.key}`));
    col.append(el('p', '', `input ${formatShape(d.input)} → ${d.classes} classes · ${formatCompact(d.params)} params · ${formatCompact(d.macs)} MACs`));
    for (const line of deviceTotals(d.drawing.devices)) col.append(el('p', 'nas-device-latency', line));
    if (this.opList) {
      col.append(opList(d));
    } else {
      col.append(summary(d.drawing.summary, d.macs, other?.drawing.summary, d.drawing.devices));
      for (const cell of d.drawing.cells) {
        const caption = el('figcaption', '', `cell ${cell.cell}${cell.copies > 1 ? ` (placed ${cell.copies} times)` : ''}`);
        col.append(el('figure', 'nas-cell', caption, cellDiagram(cell, diff?.edges.get(cell.cell), other ? 'TB' : 'LR', d.drawing.devices)));
      }
    }
    col.append(decisions(d, diff));
    return col;
  }
}

/** What the latency shares in the hovers are of, per device of the run. */
function deviceTotals(devices: readonly DeviceLatencyTotal[] | undefined): string[] {
  return (devices ?? []).map((d) => {
    if (d.totalMs === undefined) return `latency on ${d.device}: no per-operator shares (${d.unavailable ?? 'no table'})`;
    const lacking = d.missing ? `; ${d.missing} op${d.missing > 1 ? 's have' : ' has'} no table entry` : '';
    return `latency on ${d.device}: ${formatMetric(d.totalMs)} ms predicted from its operator table (hover a part for its share${lacking})`;
  });
}

/** One line per run of like blocks; hovering it gives its shape, parameters and share of the multiply-adds and of each device's latency. */
function summary(lines: readonly SummaryLine[], totalMacs: number, other: readonly SummaryLine[] | undefined, devices: readonly DeviceLatencyTotal[] | undefined): HTMLElement {
  const list = el('ol', 'nas-blocks');
  list.dataset.testid = 'nas-blocks';
  lines.forEach((l, i) => {
    const item = el('li', other && other[i]?.text !== l.text ? 'changed' : '', l.text);
    const share = totalMacs > 0 ? ` (${((100 * l.macs) / totalMacs).toFixed(1)}% of the MACs)` : '';
    item.title = [`output ${l.shapes.map(formatShape).join(', ')}`, `${formatCompact(l.params)} params · ${formatCompact(l.macs)} MACs${share}`, ...latencyLines(l.latency, devices)].join('\n');
    list.append(item);
  });
  return list;
}

function decisions(d: ArchitectureDetail, diff: ArchDifference | undefined): HTMLElement {
  const values = el('dl', 'nas-kv nas-decisions');
  values.dataset.testid = 'nas-decisions';
  for (const [k, v] of Object.entries(d.values)) {
    const changed = diff?.decisions.has(k) ? 'changed' : '';
    values.append(el('dt', changed, k), el('dd', changed, String(v)));
  }
  const missing = diff ? [...diff.decisions].filter((k) => !(k in d.values)) : [];
  for (const k of missing) values.append(el('dt', 'changed', k), el('dd', 'changed', '(inactive)'));
  return values;
}

/** The raw primitive operations, a bar showing each one's share of the multiply-adds; the hover adds its settings and latency shares. */
function opList(d: ArchitectureDetail): HTMLElement {
  const layers = el('div', 'nas-layers');
  layers.dataset.testid = 'nas-layers';
  const maxMacs = Math.max(1, ...d.layers.map((l) => l.macs));
  let group = '';
  for (const l of d.layers) {
    if (l.group !== group) {
      group = l.group;
      layers.appendChild(el('div', 'nas-group', group));
    }
    const row = el('div', `nas-layer op-${l.op}`,
      el('span', 'op', l.op + (typeof l.attrs.kernel === 'number' ? ` ${l.attrs.kernel}×${l.attrs.kernel}` : '')),
      el('span', 'shape', formatShape(l.shape)),
      el('span', 'cost', `${formatCompact(l.params)} p · ${formatCompact(l.macs)} MAC`));
    row.title = [Object.entries(l.attrs).map(([k, v]) => `${k}=${v}`).join(' '), ...latencyLines(l.latency, d.drawing.devices)].filter(Boolean).join('\n');
    const bar = el('div', 'bar');
    bar.style.width = `${(100 * l.macs) / maxMacs}%`;
    row.appendChild(bar);
    layers.appendChild(row);
  }
  return layers;
}
