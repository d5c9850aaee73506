// The Pareto panel's entry point: waits for the host's snapshot (after saying "ready"), then
// applies batched deltas. Rendering is coalesced into one animation frame per batch for the
// scatter, the progress chart and table follow in tasks of their own (at most twice a second
// while a run streams), so no main-thread task grows long whatever the run does.
import uplotCss from 'uplot/dist/uPlot.min.css';
import { formatDuration, formatMetric, groupDigits } from '../src/protocol/formatMetric';
import type { LiveProgress, RunView } from '../src/protocol/webviewProtocol';
import { ArchitectureView, renderCandidateSummary } from './archView';
import { ProgressChart } from './progressChart';
import { predictionText } from './predictedLayer';
import { renderRungCurve, rungHoverLines } from './rungView';
import { type AxisWindow, RunModel } from './runModel';
import { POINT_MODES, ScatterChart, type PointMode } from './scatter';
import { StreamMeter } from './streamMeter';
import { TrainingView } from './trainingView';
import { CandidateTable } from './table';
import { onThemeChange } from './theme';
import { badge, button, checkbox, dropdown, setDisabled } from './toolkit';
import { host, loadState, saveState } from './vscodeApi';

const sheet = new CSSStyleSheet();
sheet.replaceSync(uplotCss);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const app = document.getElementById('app') as HTMLElement;
const tooltip = Object.assign(document.createElement('div'), { className: 'nas-tooltip' });
document.body.appendChild(tooltip);

let model: RunModel | undefined;
let axes = { x: '', y: '' };
let look: { logX: boolean; logY: boolean; pointMode: PointMode; showPredicted: boolean } = { logX: false, logY: false, pointMode: 'points', showPredicted: true };
let zoomWindow: AxisWindow | undefined;
/** The header's axis pickers and the metrics they list. */
let axisPickers: { x: HTMLElement; y: HTMLElement; metrics: string[] } | undefined;
let live: LiveProgress | undefined;
const meter = new StreamMeter();
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
  training: new TrainingView(),
  unplotted: document.createElement('p'),
  predictedLegend: document.createElement('span'),
  resetZoom: button('Reset zoom', () => ui.scatter?.resetZoom(), { testId: 'nas-reset-zoom', title: 'Show the whole run again (or double-click the chart)' }),
  arch: new ArchitectureView(),
  rungs: document.createElement('div'),
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
  look = saved.runId === view.runId ? { logX: saved.logX ?? false, logY: saved.logY ?? false, pointMode: saved.pointMode ?? defaultMode(view), showPredicted: saved.showPredicted ?? true } : { logX: false, logY: false, pointMode: defaultMode(view), showPredicted: true };
  zoomWindow = undefined;
  live = undefined;
  saveState({ runId: view.runId, x: axes.x, y: axes.y, selectedKey, ...look });

  axisPickers = { x: el('label', 'nas-axis'), y: el('label', 'nas-axis'), metrics: [] };
  fillAxisPickers();
  const scaleControls = el('div', 'nas-chart-controls',
    checkbox('log x', look.logX, (v) => setLook({ logX: v }), 'nas-log-x'),
    checkbox('log y', look.logY, (v) => setLook({ logY: v }), 'nas-log-y'),
    el('label', 'nas-axis', 'points', dropdown(POINT_MODES, look.pointMode, (v) => setLook({ pointMode: v as PointMode }), 'nas-point-mode')),
    checkbox('predicted', look.showPredicted, (v) => setLook({ showPredicted: v }), 'nas-show-predicted'),
    ui.resetZoom);
  ui.unplotted.className = 'nas-group';
  ui.unplotted.dataset.testid = 'nas-unplotted';
  const header = el('header', 'nas-header',
    el('span', 'nas-title', `${view.info.spaceName}`), badge(view.info.settings.strategy), ui.status, el('span', 'nas-spacer'),
    axisPickers.x, axisPickers.y, ui.stop);
  const chartBox = el('div', 'nas-chart');
  chartBox.dataset.testid = 'nas-scatter';
  ui.predictedLegend.className = 'predicted';
  ui.predictedLegend.dataset.testid = 'nas-predicted-legend';
  ui.predictedLegend.hidden = true;
  const legend = el('div', 'nas-legend', el('span', 'front', 'Pareto front'), el('span', 'dominated', 'dominated'), el('span', 'infeasible', 'infeasible'), ui.predictedLegend);
  if (model.constraints.length) legend.appendChild(el('span', 'constraint', model.constraints.map((c) => c.text).join(', ')));
  const progressBox = el('div', 'nas-progress');
  const tableCard = el('section', 'nas-card', el('h2', '', 'Candidates'));
  const detailCard = el('section', 'nas-card nas-detail', el('h2', '', 'Selected candidate'), el('div', 'nas-actions', ui.exportButton), ui.summary, ui.rungs, ui.arch.element);
  detailCard.dataset.testid = 'nas-detail';
  app.replaceChildren(header, ui.training.element, el('div', 'nas-grid',
    el('section', 'nas-card', el('h2', '', 'Pareto front'), scaleControls, chartBox, legend, ui.unplotted),
    el('section', 'nas-card', el('h2', '', 'Progress'), progressBox),
    tableCard, detailCard));
  ui.scatter = new ScatterChart(chartBox, {
    onHover: (key, cx, cy) => showTooltip(key, cx, cy),
    onSelect: (key) => select(key, true),
    onZoom: (w) => {
      zoomWindow = w && { x: axes.x, y: axes.y, xMin: w.x[0], xMax: w.x[1], yMin: w.y[0], yMax: w.y[1] };
      setDisabled(ui.resetZoom, !w);
      scheduleRender();
    },
  });
  ui.progress = new ProgressChart(progressBox);
  ui.table = new CandidateTable(tableCard, (key) => select(key, true));
  ui.training.show(undefined);
  const first = model.objectives[0];
  if (first) ui.table.sortByDefault(first.metric, first.direction === 'min');
  configureCharts();
  renderStatus(view.status, view.candidates.length, view.info.settings.budget);
  meter.opened();
  renderDetail();
  scheduleRender();
}

/**
 * The axis pickers list the run's metrics, and grow as a live run's first candidates bring theirs:
 * a run shown before its first candidate has only its objectives, and with one objective it was
 * plotted against itself, so it then moves to the default axes. Returns whether the axes changed.
 */
function fillAxisPickers(): boolean {
  if (!model || !axisPickers) return false;
  const metrics = model.metrics();
  if (metrics.length === axisPickers.metrics.length) return false;
  const forced = axisPickers.metrics.length === 1 && axes.x === axes.y;
  if (forced) {
    axes = model.defaultAxes();
    saveState({ x: axes.x, y: axes.y });
  }
  axisPickers.metrics = metrics;
  axisPickers.x.replaceChildren('x', dropdown(metrics, axes.x, (v) => setAxes({ ...axes, x: v }), 'nas-x'));
  axisPickers.y.replaceChildren('y', dropdown(metrics, axes.y, (v) => setAxes({ ...axes, y: v }), 'nas-y'));
  return forced;
}

/** Past a few thousand points, a density layer reads better than overlapping dots. */
function defaultMode(view: RunView): PointMode {
  return view.info.settings.budget > 5000 ? 'density' : 'points';
}

/**
 * "latency_ms@pi4 (ms, predicted for device pi4)": a metric with its unit from the run's catalog;
 * a latency also says which device it is for and whether it was predicted from a device profile
 * or measured on the machine that evaluated the candidate.
 */
function axisLabel(metric: string): string {
  const device = /^latency_ms@(.+)$/.exec(metric)?.[1];
  const how = device ? `predicted for device ${device}` : metric === 'latency_ms' ? 'measured' : '';
  const notes = [model?.unit(metric), how].filter(Boolean).join(', ');
  return notes ? `${metric} (${notes})` : metric;
}

function setLook(next: Partial<typeof look>): void {
  look = { ...look, ...next };
  saveState(look);
  configureCharts();
  scheduleRender();
}

function configureCharts(): void {
  if (!model) return;
  zoomWindow = undefined;
  setDisabled(ui.resetZoom, true);
  ui.scatter?.configure({ x: axes.x, y: axes.y, xLabel: axisLabel(axes.x), yLabel: axisLabel(axes.y), logX: look.logX, logY: look.logY, mode: look.pointMode, constraints: model.constraints });
  ui.progress?.configure(model.objectives[0]?.metric ?? '', model.objectives.length >= 2);
}

function setAxes(next: { x: string; y: string }): void {
  axes = next;
  saveState({ x: axes.x, y: axes.y });
  configureCharts();
  scheduleRender();
}

/** While a run streams, the progress chart and the table redraw at most this often (the scatter every frame). */
const SECONDARY_MS = 500;
let secondaryAt = 0;
let secondaryTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * One frame draws the scatter; the progress chart and the table follow in tasks of their own
 * (each a separate main-thread task, so none grows long), throttled while the run streams.
 */
function scheduleRender(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (!model) return;
    const m = model;
    measured(() => {
      const data = m.scatter(axes.x, axes.y);
      const predicted = m.predicted.points(axes.x, axes.y);
      ui.scatter?.update(data, selectedKey, look.showPredicted ? predicted.points : undefined);
      renderUnplotted(data.unplotted, m.records.length);
      renderPredictedLegend(predicted.count, predicted.missing);
    });
    if (secondaryTimer !== undefined) return;
    const wait = m.status === 'running' ? Math.max(0, secondaryAt + SECONDARY_MS - performance.now()) : 0;
    // A view that replaces `m` while these wait (the panel switched runs) gets its own pass:
    // its frame found this one pending and skipped it, and a finished run sends nothing more.
    const replaced = () => {
      secondaryTimer = undefined;
      scheduleRender();
    };
    secondaryTimer = setTimeout(() => {
      if (model !== m) return replaced();
      const p = m.progressSeries();
      measured(() => ui.progress?.update(p.evals, p.best, p.hypervolume));
      secondaryTimer = setTimeout(() => {
        if (model !== m) return replaced();
        secondaryTimer = undefined;
        secondaryAt = performance.now();
        measured(() => ui.table?.render(m, selectedKey, zoomWindow));
      }, 0);
    }, wait);
  });
}

function measured(render: () => void): void {
  const t0 = performance.now();
  render();
  if (model) meter.rendered(model.records.length, performance.now() - t0, model.status === 'running');
}

/** Says how many candidates the chart cannot show, and why, instead of dropping them silently. */
function renderUnplotted(u: { failed: number; missing: number }, total: number): void {
  const parts = [
    u.missing ? `${groupDigits(u.missing)} without a value for ${[axes.x, axes.y].filter((m, i, a) => a.indexOf(m) === i).join(' or ')}` : '',
    u.failed ? `${groupDigits(u.failed)} failed or rejected` : '',
  ].filter(Boolean);
  ui.unplotted.textContent = parts.length ? `Not drawn: ${parts.join(', ')} (of ${groupDigits(total)} candidates).` : '';
  ui.unplotted.hidden = parts.length === 0;
}

/** The predicted layer's legend line: how many candidates were only predicted, and how many of them this pair of axes cannot place. */
function renderPredictedLegend(count: number, missing: number): void {
  const hidden = look.showPredicted ? '' : ', hidden';
  const unplaced = missing && look.showPredicted ? `, ${groupDigits(missing)} without a value for these axes` : '';
  ui.predictedLegend.textContent = `predicted, not evaluated: ${groupDigits(count)}${unplaced}${hidden}`;
  ui.predictedLegend.dataset.count = String(count);
  ui.predictedLegend.hidden = count === 0;
}

function renderStatus(status: string, evaluated: number, budget: number): void {
  const left = status === 'running' && live?.etaSec !== undefined ? ` · ${formatDuration(live.etaSec)} left` : '';
  ui.status.textContent = `${groupDigits(evaluated)}/${groupDigits(budget)} · ${status}${left}`;
  ui.status.dataset.evaluated = String(evaluated);
  meter.shown(evaluated, status === 'running');
  ui.status.className = 'nas-status';
  ui.status.dataset.testid = 'nas-status';
  ui.status.dataset.status = status;
  setDisabled(ui.stop, status !== 'running');
}

function showTooltip(key: string | undefined, x: number, y: number): void {
  const r = key ? model?.get(key) : undefined;
  const p = key && !r ? model?.predicted.get(key) : undefined;
  if (p && model) {
    // Its cheap metrics on the axes that are not predicted, exactly as the chart places it.
    const cheap = [axes.y, axes.x].filter((m, i, all) => all.indexOf(m) === i && !p.predicted[m] && p.metrics?.[m] !== undefined);
    return placeTooltip([p.key, predictionText(p), ...cheap.map((m) => `${axisLabel(m)}: ${formatMetric(p.metrics?.[m])}`)].join('\n'), x, y);
  }
  if (!r || !model) {
    tooltip.style.display = 'none';
    return;
  }
  const metrics = [axes.y, axes.x, ...model.objectives.map((o) => o.metric)].filter((m, i, all) => all.indexOf(m) === i);
  placeTooltip([`#${r.index} ${r.key}`, ...rungHoverLines(r), ...metrics.map((m) => `${axisLabel(m)}: ${formatMetric(r.metrics[m])}`)].join('\n'), x, y);
}

function placeTooltip(text: string, x: number, y: number): void {
  tooltip.textContent = text;
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
    ui.arch.clear();
    ui.rungs.replaceChildren();
    return;
  }
  renderCandidateSummary(ui.summary, r, model.paretoKeys().has(r.key), model.feasible(r));
  renderRungCurve(ui.rungs, model.records, r.key, model.objectives[0]?.metric);
  ui.arch.message('Decoding the architecture…', 'nas-empty');
  const ticket = ++detailRequest;
  host.request('candidateDetail', { runId: model.runId, key: r.key }).then(
    (d) => ticket === detailRequest && ui.arch.show(d),
    (e: Error) => ticket === detailRequest && ui.arch.message(`Cannot show the architecture: ${e.message}`, 'nas-error'),
  );
}

host.on('snapshot', (view) => build(view));
host.on('append', ({ runId, candidates }) => {
  if (!model || runId !== model.runId) return;
  model.append(candidates);
  if (fillAxisPickers()) configureCharts();
  // The selected candidate promoted: its summary and its curve across rungs grow.
  if (selectedKey && candidates.some((c) => c.key === selectedKey)) renderDetail();
  renderStatus(model.status, model.records.length, model.info.settings.budget);
  scheduleRender();
});
host.on('predicted', ({ runId, records }) => {
  if (!model || runId !== model.runId) return;
  model.predicted.add(records);
  scheduleRender();
});
host.on('status', ({ runId, status, evaluated, budget }) => {
  if (!model || runId !== model.runId) return;
  model.status = status;
  if (status !== 'running') ui.training.show(undefined);
  renderStatus(status, Math.max(evaluated, model.records.length), budget);
});
host.on('live', (p) => {
  if (!model || p.runId !== model.runId) return;
  live = p;
  ui.training.show(model.status === 'running' ? p.training : undefined);
  renderStatus(model.status, model.records.length, model.info.settings.budget);
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
