// The sortable candidate table. It renders the first 200 rows of the chosen order: a live run
// of thousands of candidates re-renders a bounded number of rows per batch.
import type { CandidateRecord } from '../src/core/run/types';
import { formatMetric, groupDigits } from '../src/protocol/formatMetric';
import type { RunModel } from './runModel';

const ROW_LIMIT = 200;

export class CandidateTable {
  private sortBy = '#';
  private ascending = true;
  private readonly wrap: HTMLElement;

  constructor(
    container: HTMLElement,
    private readonly onSelect: (key: string) => void,
  ) {
    this.wrap = document.createElement('div');
    this.wrap.className = 'nas-table-wrap';
    container.appendChild(this.wrap);
  }

  sortByDefault(metric: string, ascending: boolean): void {
    this.sortBy = metric;
    this.ascending = ascending;
  }

  render(model: RunModel, selectedKey: string | undefined): void {
    const columns = ['#', ...model.metrics().slice(0, 6)];
    const pareto = model.paretoKeys();
    const { rows, total } = model.tableRows(this.sortBy, this.ascending, ROW_LIMIT);
    const table = document.createElement('table');
    table.className = 'nas-table';
    table.dataset.testid = 'nas-table';
    const head = table.createTHead().insertRow();
    for (const col of columns) {
      const th = document.createElement('th');
      th.textContent = col;
      const unit = col === '#' ? '' : model.unit(col);
      if (unit) th.title = `${col} (${unit})`;
      if (col === this.sortBy) th.setAttribute('aria-sort', this.ascending ? 'ascending' : 'descending');
      th.addEventListener('click', () => {
        if (this.sortBy === col) this.ascending = !this.ascending;
        else {
          this.sortBy = col;
          this.ascending = col === '#' || model.direction(col) === 'min';
        }
        this.render(model, selectedKey);
      });
      head.appendChild(th);
    }
    head.appendChild(Object.assign(document.createElement('th'), { textContent: 'status' }));
    const body = table.createTBody();
    for (const r of rows) body.appendChild(this.row(r, columns, model, pareto.has(r.key), r.key === selectedKey));
    this.wrap.replaceChildren(table);
    if (total > rows.length) {
      const note = document.createElement('p');
      note.className = 'nas-group';
      note.textContent = `Showing ${groupDigits(rows.length)} of ${groupDigits(total)}; sort by a column to see other candidates.`;
      this.wrap.appendChild(note);
    }
  }

  private row(r: CandidateRecord, columns: string[], model: RunModel, pareto: boolean, selected: boolean): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.key = r.key;
    const feasible = model.feasible(r);
    tr.className = [pareto ? 'pareto' : '', selected ? 'selected' : '', r.status !== 'ok' ? 'failed' : feasible ? '' : 'infeasible'].filter(Boolean).join(' ');
    for (const col of columns) {
      const td = tr.insertCell();
      td.textContent = col === '#' ? String(r.index) : r.metrics[col] === undefined ? '' : formatMetric(r.metrics[col]);
    }
    const status = tr.insertCell();
    status.textContent = r.status === 'ok' ? (feasible ? (pareto ? 'Pareto' : '') : 'infeasible') : r.status;
    if (r.error) tr.title = r.error;
    tr.addEventListener('click', () => this.onSelect(r.key));
    return tr;
  }
}
