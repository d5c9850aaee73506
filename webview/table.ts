// The sortable candidate table. It renders the first 200 rows of the chosen order (of the
// candidates inside the scatter's zoom window, when zoomed): a live run of thousands of
// candidates selects them in one pass per batch, and rebuilds the rows only when they changed.
import type { CandidateRecord } from '../src/core/run/types';
import { formatMetric, groupDigits } from '../src/protocol/formatMetric';
import { hasRungs, RUNG_COLUMN, rungCell } from './rungView';
import type { AxisWindow, RunModel } from './runModel';

const ROW_LIMIT = 200;

export class CandidateTable {
  private sortBy = '#';
  private ascending = true;
  private readonly wrap: HTMLElement;
  private readonly note: HTMLElement;
  /** What the rows on screen were built from: the same again means nothing to rebuild. */
  private shown = '';

  constructor(
    container: HTMLElement,
    private readonly onSelect: (key: string) => void,
  ) {
    this.wrap = document.createElement('div');
    this.wrap.className = 'nas-table-wrap';
    this.note = Object.assign(document.createElement('p'), { className: 'nas-group' });
    container.append(this.wrap, this.note);
  }

  sortByDefault(metric: string, ascending: boolean): void {
    this.sortBy = metric;
    this.ascending = ascending;
  }

  render(model: RunModel, selectedKey: string | undefined, window?: AxisWindow): void {
    const columns = ['#', ...(hasRungs(model.records) ? [RUNG_COLUMN] : []), ...model.metrics().slice(0, 6)];
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
    for (const r of rows) body.appendChild(this.row(r, columns, model, pareto.has(r.key), r.key === selectedKey));
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
