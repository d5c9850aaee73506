// The Pareto panel's entry point: waits for the host's snapshot (after saying "ready"), then
// applies batched deltas. Rendering is coalesced into one animation frame per batch, so the
// chart, progress chart and table redraw at most ~10 times per second whatever the run does.
import uplotCss from 'uplot/dist/uPlot.min.css';
import { groupDigits } from '../src/protocol/formatMetric';
import type { RunView } from '../src/protocol/webviewProtocol';
import { renderArchitecture, renderCandidateSummary } from './archView';
import { ProgressChart } from './progressChart';
import { RunModel } from './runModel';
import { ScatterChart } from './scatter';
import { CandidateTable } from './table';
import { onThemeChange } from './theme';
import { badge, button, dropdown, setDisabled } from './toolkit';
import { host, loadState, saveState } from './vscodeApi';

const sheet = new CSSStyleSheet();
sheet.replaceSync(uplotCss);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const app = document.getElementById('app') as HTMLElement;
const tooltip = Object.assign(document.createElement('div'), { className: 'nas-tooltip' });
document.body.appendChild(tooltip);

let model: RunModel | undefined;
let axes = { x: '', y: '' };
let selectedKey: string | undefined = loadState().selectedKey;
let frame = 0;
let detailRequest = 0;

const ui = {
  status: document.createElement('span'),
  stop: button('Stop Search', () => model && host.emit('stopSearch', { runId: model.runId }), { testId: 'nas-stop' }),
  scatter: undefined as ScatterChart | undefined,
  progress: undefined as ProgressChart | undefined,
  table: undefined as CandidateTable | undefined,
  summary: document.createElement('div'),
  arch: document.createElement('div'),
  exportButton: button('Export', () => model && selectedKey && host.emit('exportCandidate', { runId: model.runId, key: selectedKey }), { testId: 'nas-export' }),
};

function el(tag: string, className: string, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  e.append(...children);
  return e;
}

function build(view: RunView): void {
  ui.scatter?.destroy();
  model = new RunModel(view);
  const saved = loadState();
  const metrics = model.metrics();
  const defaults = model.defaultAxes();
  axes = { x: saved.runId === view.runId && saved.x && metrics.includes(saved.x) ? saved.x : defaults.x, y: saved.runId === view.runId && saved.y && metrics.includes(saved.y) ? saved.y : defaults.y };
  if (saved.runId !== view.runId) selectedKey = undefined;
  saveState({ runId: view.runId, x: axes.x, y: axes.y, selectedKey });

  const xPick = dropdown(metrics, axes.x, (v) => setAxes({ ...axes, x: v }), 'nas-x');
  const yPick = dropdown(metrics, axes.y, (v) => setAxes({ ...axes, y: v }), 'nas-y');
  const header = el('header', 'nas-header',
    el('span', 'nas-title', `${view.info.spaceName}`), badge(view.info.settings.strategy), ui.status, el('span', 'nas-spacer'),
    el('label', 'nas-axis', 'x', xPick), el('label', 'nas-axis', 'y', yPick), ui.stop);
  const chartBox = el('div', 'nas-chart');
  chartBox.dataset.testid = 'nas-scatter';
  const legend = el('div', 'nas-legend', el('span', 'front', 'Pareto front'), el('span', 'dominated', 'dominated'), el('span', 'infeasible', 'infeasible'));
  if (model.constraints.length) legend.appendChild(el('span', 'constraint', model.constraints.map((c) => c.text).join(', ')));
  const progressBox = el('div', 'nas-progress');
  const tableCard = el('section', 'nas-card', el('h2', '', 'Candidates'));
  const detailCard = el('section', 'nas-card nas-detail', el('h2', '', 'Selected candidate'), el('div', 'nas-actions', ui.exportButton), ui.summary, ui.arch);
  detailCard.dataset.testid = 'nas-detail';
  app.replaceChildren(header, el('div', 'nas-grid',
    el('section', 'nas-card', el('h2', '', 'Pareto front'), chartBox, legend),
    el('section', 'nas-card', el('h2', '', 'Progress'), progressBox),
    tableCard, detailCard));
  ui.scatter = new ScatterChart(chartBox, {
    onHover: (key, cx, cy) => showTooltip(key, cx, cy),
    onSelect: (key) => select(key, true),
  });
  ui.progress = new ProgressChart(progressBox);
  ui.table = new CandidateTable(tableCard, (key) => select(key, true));
  const first = model.objectives[0];
  if (first) ui.table.sortByDefault(first.metric, first.direction === 'min');
  configureCharts();
  renderStatus(view.status, view.candidates.length, view.info.settings.budget);
  renderDetail();
  scheduleRender();
}

function configureCharts(): void {
  if (!model) return;
  ui.scatter?.configure(axes.x, axes.y, model.constraints);
  ui.progress?.configure(model.objectives[0]?.metric ?? '', model.objectives.length >= 2);
}

function setAxes(next: { x: string; y: string }): void {
  axes = next;
  saveState({ x: axes.x, y: axes.y });
  configureCharts();
  scheduleRender();
}

function scheduleRender(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (!model) return;
    ui.scatter?.update(model.scatter(axes.x, axes.y), selectedKey);
    const p = model.progressSeries();
    ui.progress?.update(p.evals, p.best, p.hypervolume);
    ui.table?.render(model, selectedKey);
  });
}

function renderStatus(status: string, evaluated: number, budget: number): void {
  ui.status.textContent = `${groupDigits(evaluated)}/${groupDigits(budget)} · ${status}`;
  ui.status.className = 'nas-status';
  ui.status.dataset.testid = 'nas-status';
  ui.status.dataset.status = status;
  setDisabled(ui.stop, status !== 'running');
}

function showTooltip(key: string | undefined, x: number, y: number): void {
  const r = key ? model?.get(key) : undefined;
  if (!r || !model) {
    tooltip.style.display = 'none';
    return;
  }
  const metrics = [axes.y, axes.x, ...model.objectives.map((o) => o.metric)].filter((m, i, all) => all.indexOf(m) === i);
  tooltip.textContent = [`#${r.index} ${r.key}`, ...metrics.map((m) => `${m}: ${r.metrics[m] ?? '–'}`)].join('\n');
  tooltip.style.display = 'block';
  tooltip.style.left = `${Math.max(4, Math.min(x + 14, window.innerWidth - tooltip.offsetWidth - 4))}px`;
  tooltip.style.top = `${y + 14}px`;
}

function select(key: string, fromUser: boolean): void {
  if (!model?.get(key)) return;
  selectedKey = key;
  saveState({ selectedKey: key });
  if (fromUser) host.emit('selected', { runId: model.runId, key });
  renderDetail();
  scheduleRender();
}

function renderDetail(): void {
  const r = selectedKey ? model?.get(selectedKey) : undefined;
  setDisabled(ui.exportButton, !r || r.status !== 'ok');
  if (!r || !model) {
    ui.summary.replaceChildren(el('p', 'nas-empty', 'Click a point or a row to see the candidate and its architecture.'));
    ui.arch.replaceChildren();
    return;
  }
  renderCandidateSummary(ui.summary, r, model.paretoKeys().has(r.key), model.feasible(r));
  ui.arch.replaceChildren(el('p', 'nas-empty', 'Decoding the architecture…'));
  const ticket = ++detailRequest;
  host.request('candidateDetail', { runId: model.runId, key: r.key }).then(
    (d) => ticket === detailRequest && renderArchitecture(ui.arch, d),
    (e: Error) => ticket === detailRequest && ui.arch.replaceChildren(el('p', 'nas-error', `Cannot show the architecture: ${e.message}`)),
  );
}

host.on('snapshot', (view) => build(view));
host.on('append', ({ runId, candidates }) => {
  if (!model || runId !== model.runId) return;
  model.append(candidates);
  renderStatus(model.status, model.records.length, model.info.settings.budget);
  scheduleRender();
});
host.on('status', ({ runId, status, evaluated, budget }) => {
  if (!model || runId !== model.runId) return;
  model.status = status;
  renderStatus(status, Math.max(evaluated, model.records.length), budget);
});
host.on('select', ({ runId, key }) => model?.runId === runId && select(key, false));
host.on('empty', ({ message }) => {
  model = undefined;
  app.replaceChildren(el('p', 'nas-empty', message));
});
onThemeChange(() => {
  configureCharts();
  scheduleRender();
});

host.emit('ready', { runId: loadState().runId });
