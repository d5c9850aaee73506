// The sortable candidate table. It lists the first 200 rows of the chosen order (of the
// candidates inside the scatter's zoom window, when zoomed): a live run of thousands of
// candidates selects them in one pass per batch, and rebuilds the rows only when they changed.
// A column picker chooses the metrics shown; until the user picks, the objectives and the
// constraints' metrics lead and the others fill up to DEFAULT_COLUMNS.
// Rows are built a screenful at a time, more as the list scrolls: the browser lays out and
// paints every cell of a table on each rebuild, which while a run streams was most of the
// panel's main-thread time (and the editor's typing shares that thread in a browser).
import type { CandidateRecord } from '../src/core/run/types';
import { formatMetric, groupDigits } from '../src/protocol/formatMetric';
import { hasRungs, RUNG_COLUMN, rungCell } from './rungView';
import type { AxisWindow, RunModel } from './runModel';

const ROW_LIMIT = 200;
const DEFAULT_COLUMNS = 6;
/** Rows built at first and per scroll step: the 320 px list shows about 15. */
const ROW_CHUNK = 40;

export class CandidateTable {
  private sortBy = '#';
  private ascending = true;
  private readonly wrap: HTMLElement;
  private readonly note: HTMLElement;
  private readonly picker: HTMLDetailsElement;
  /** The user's choice of metric columns, in the model's order; undefined until they pick. */
  private picked: Set<string> | undefined;
  /** The metrics the picker lists now: it is rebuilt only when a run brings a new one. */
  private listed = '';
  /** What the rows on screen were built from: the same again means nothing to rebuild. */
  private shown = '';
  /** Builds the next rows of the current list into its body; undefined when all are built. */
  private more: (() => void) | undefined;

  constructor(
    container: HTMLElement,
    private readonly onSelect: (key: string) => void,
  ) {
    this.wrap = document.createElement('div');
    this.wrap.className = 'nas-table-wrap';
    this.wrap.addEventListener('scroll', () => {
      if (this.more && this.wrap.scrollTop + this.wrap.clientHeight >= this.wrap.scrollHeight - 60) this.more();
    }, { passive: true });
    this.note = Object.assign(document.createElement('p'), { className: 'nas-group' });
    this.picker = Object.assign(document.createElement('details'), { className: 'nas-columns' });
    this.picker.dataset.testid = 'nas-columns';
    container.append(this.picker, this.wrap, this.note);
  }

  /** The metric columns shown: the user's pick, else the model's first DEFAULT_COLUMNS (objectives first). */
  private columns(model: RunModel): string[] {
    const all = model.metrics();
    return this.picked ? all.filter((m) => this.picked!.has(m)) : all.slice(0, DEFAULT_COLUMNS);
  }

  private renderPicker(model: RunModel, shown: readonly string[], rerender: () => void): void {
    const all = model.metrics();
    const listed = `${all.join(',')}|${shown.join(',')}`;
    if (listed === this.listed) return;
    this.listed = listed;
    const summary = Object.assign(document.createElement('summary'), { textContent: `Columns: ${shown.length} of ${all.length} metrics` });
    const boxes = all.map((m) => Object.assign(document.createElement('input'), { type: 'checkbox', checked: shown.includes(m), value: m }));
    const labels = boxes.map((box) => {
      box.addEventListener('change', () => {
        this.picked = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
        rerender();
      });
      const unit = model.unit(box.value);
      const label = Object.assign(document.createElement('label'), { title: model.description(box.value) });
      label.append(box, ` ${box.value}${unit ? ` (${unit})` : ''}`);
      return label;
    });
    this.picker.replaceChildren(summary, ...labels);
  }

  sortByDefault(metric: string, ascending: boolean): void {
    this.sortBy = metric;
    this.ascending = ascending;
  }

  render(model: RunModel, selectedKey: string | undefined, window?: AxisWindow): void {
    const metricColumns = this.columns(model);
    this.renderPicker(model, metricColumns, () => this.render(model, selectedKey, window));
    const columns = ['#', ...(hasRungs(model.records) ? [RUNG_COLUMN] : []), ...metricColumns];
    const pareto = model.paretoKeys();
    const { rows, total } = model.tableRows(this.sortBy, this.ascending, ROW_LIMIT, window);
    const zoomed = window ? ' in the zoomed area' : '';
    this.note.textContent = total > rows.length ? `Showing ${groupDigits(rows.length)} of ${groupDigits(total)}${zoomed}; sort by a column to see other candidates.` : window ? `${groupDigits(total)} in the zoomed area.` : '';
    const shown = [this.sortBy, this.ascending, selectedKey, columns.join(','), ...rows.map((r) => `${r.key}${pareto.has(r.key) ? '*' : ''}`)].join('|');
    if (shown === this.shown) return;
    this.shown = shown;
    const table = document.createElement('table');
    table.className = 'nas-table';
    table.dataset.testid = 'nas-table';
    const head = table.createTHead().insertRow();
    for (const col of columns) {
      const th = document.createElement('th');
      const unit = col === '#' || col === RUNG_COLUMN ? '' : model.unit(col);
      th.textContent = unit ? `${col} (${unit})` : col;
      if (col !== '#' && col !== RUNG_COLUMN) th.title = model.description(col);
      if (col === this.sortBy) th.setAttribute('aria-sort', this.ascending ? 'ascending' : 'descending');
      th.addEventListener('click', () => {
        if (this.sortBy === col) this.ascending = !this.ascending;
        else {
          this.sortBy = col;
          this.ascending = col === '#' || (col !== RUNG_COLUMN && model.direction(col) === 'min');
        }
        this.render(model, selectedKey, window);
      });
      head.appendChild(th);
    }
    head.appendChild(Object.assign(document.createElement('th'), { textContent: 'status' }));
    const body = table.createTBody();
    let built = 0;
    this.more = () => {
      const end = Math.min(rows.length, built + ROW_CHUNK);
      for (; built < end; built++) body.appendChild(this.row(rows[built], columns, model, pareto.has(rows[built].key), rows[built].key === selectedKey));
      if (built >= rows.length) this.more = undefined;
    };
    this.more();
    this.wrap.replaceChildren(table);
  }

  private row(r: CandidateRecord, columns: string[], model: RunModel, pareto: boolean, selected: boolean): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.key = r.key;
    const feasible = model.feasible(r);
    tr.className = [pareto ? 'pareto' : '', selected ? 'selected' : '', r.status !== 'ok' ? 'failed' : feasible ? '' : 'infeasible'].filter(Boolean).join(' ');
    for (const col of columns) {
      const td = tr.insertCell();
      td.textContent = col === '#' ? String(r.index) : col === RUNG_COLUMN ? rungCell(r.fidelity) : r.metrics[col] === undefined ? '' : formatMetric(r.metrics[col]);
    }
    const status = tr.insertCell();
    status.textContent = r.status === 'ok' ? (feasible ? (pareto ? 'Pareto' : '') : 'infeasible') : r.status;
    if (r.error) tr.title = r.error;
    tr.addEventListener('click', () => this.onSelect(r.key));
    return tr;
  }
}
