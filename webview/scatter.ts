// The Pareto scatter, drawn with uPlot in its "mode 2" (x/y facets, no shared x): dominated,
// infeasible and front points, the front connected, the constraint as a line, the selected
// candidate ringed. Hover finds the nearest point in pixels; a click selects it; a drag zooms
// into a window (double click, or resetZoom, goes back). Scales can be logarithmic; ranges are
// padded so a single point has a range and edge points are drawn whole. Large runs: beyond
// MANY_POINTS the background points are squares in one path (arcs cost ~10x), and the density
// mode bins them per pixel cell into a heat layer; the transparent mode makes overlaps readable.
import uPlot from 'uplot';
import type { Constraint } from '../src/protocol/objectives';
import type { PredictedSeries } from './predictedLayer';
import type { ScatterData, ScatterSeries } from './runModel';
import { chartColours, ChartColours } from './theme';

export type PointMode = 'points' | 'transparent' | 'density';
export const POINT_MODES: readonly PointMode[] = ['points', 'transparent', 'density'];

export interface ScatterView {
  x: string;
  y: string;
  /** Axis titles (metric names with their units). */
  xLabel: string;
  yLabel: string;
  logX: boolean;
  logY: boolean;
  mode: PointMode;
  constraints: Constraint[];
}

export interface ZoomWindow {
  x: [number, number];
  y: [number, number];
}

export interface ScatterHandlers {
  onHover(key: string | undefined, clientX: number, clientY: number): void;
  onSelect(key: string): void;
  /** The zoom window changed (undefined: back to the whole run). */
  onZoom(window: ZoomWindow | undefined): void;
}

type Facet = [number[], number[]];

/** Above this many background points, squares instead of circles. */
const MANY_POINTS = 3000;
/** Density mode's cell, in CSS pixels. */
const DENSITY_CELL = 3;

export class ScatterChart {
  private plot: uPlot | undefined;
  private data: ScatterData = { front: empty(), dominated: empty(), infeasible: empty(), unplotted: { failed: 0, missing: 0 } };
  private selectedKey: string | undefined;
  /** The "predicted, not evaluated" layer (empty when hidden). */
  private predicted: PredictedSeries = emptyPredicted();
  private colours: ChartColours = chartColours();
  private view: ScatterView = { x: '', y: '', xLabel: '', yLabel: '', logX: false, logY: false, mode: 'points', constraints: [] };
  private zoom: ZoomWindow | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly handlers: ScatterHandlers,
  ) {
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(container);
  }

  private size(): { width: number; height: number } {
    const width = Math.max(120, this.container.clientWidth);
    return { width, height: Math.round(Math.min(420, Math.max(220, width * 0.6))) };
  }

  /** Rebuilds the chart (axes, scales, mode or theme changed); the zoom goes back to the whole run. */
  configure(view: ScatterView): void {
    this.view = view;
    this.zoom = undefined;
    this.colours = chartColours();
    this.plot?.destroy();
    const c = this.colours;
    const background = view.mode === 'transparent' ? 0.18 : 0.55;
    const pointSeries = (label: string, colour: string, size: number, opacity = 1, hideInDensity = false): uPlot.Series => ({ label, stroke: colour, fill: colour, alpha: opacity, paths: drawPoints(size, hideInDensity ? () => this.view.mode === 'density' : () => false), points: { show: false }, facets: [{ scale: 'x', auto: true }, { scale: 'y', auto: true }] } as uPlot.Series);
    const axis = { stroke: c.axis, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid }, font: c.font, labelFont: c.font };
    const opts: uPlot.Options = {
      mode: 2,
      ...this.size(),
      legend: { show: false },
      cursor: { drag: { x: true, y: true, setScale: false }, points: { show: false } },
      scales: {
        x: { time: false, distr: view.logX ? 3 : 1, range: (_u, lo, hi) => this.zoom?.x ?? padded(lo, hi, view.logX) },
        y: { distr: view.logY ? 3 : 1, range: (_u, lo, hi) => this.zoom?.y ?? padded(lo, hi, view.logY) },
      },
      axes: [
        { ...axis, label: view.xLabel },
        { ...axis, label: view.yLabel, size: 60 },
      ],
      series: [
        {},
        pointSeries('dominated', c.dominated, 5, background, true),
        pointSeries('infeasible', c.infeasible, 5, background + 0.05, true),
        { label: 'predicted', stroke: c.predicted, width: 1.25, paths: drawPredicted(7, () => this.predicted), points: { show: false }, facets: [{ scale: 'x', auto: true }, { scale: 'y', auto: true }] } as uPlot.Series,
        { label: 'front', stroke: c.front, width: 1.5, paths: drawLine, points: { show: false }, facets: [{ scale: 'x', auto: true }, { scale: 'y', auto: true }] } as uPlot.Series,
        pointSeries('front', c.front, 8),
        pointSeries('selected', c.selected, 13),
      ],
      hooks: {
        drawClear: [(u) => this.view.mode === 'density' && this.drawDensity(u)],
        draw: [(u) => this.drawConstraints(u), () => this.exposeForTests()],
        setSelect: [(u) => this.zoomToSelection(u)],
      },
    };
    this.plot = new uPlot(opts, this.plotData(), this.container);
    const over = this.plot.over;
    over.addEventListener('mousemove', (e) => {
      const key = this.nearest(e.offsetX, e.offsetY);
      this.handlers.onHover(key, e.clientX, e.clientY);
    });
    over.addEventListener('mouseleave', (e) => this.handlers.onHover(undefined, e.clientX, e.clientY));
    over.addEventListener('click', (e) => {
      const key = this.nearest(e.offsetX, e.offsetY);
      if (key) this.handlers.onSelect(key);
    });
    over.addEventListener('dblclick', () => this.resetZoom());
  }

  update(data: ScatterData, selectedKey: string | undefined, predicted: PredictedSeries = emptyPredicted()): void {
    this.data = data;
    this.selectedKey = selectedKey;
    this.predicted = predicted;
    this.plot?.setData(this.plotData());
  }

  get zoomed(): boolean {
    return this.zoom !== undefined;
  }

  resetZoom(): void {
    if (!this.zoom) return;
    this.zoom = undefined;
    this.plot?.setData(this.plotData());
    this.handlers.onZoom(undefined);
  }

  /** A drag of a few pixels or more zooms into its box (a click is a click). */
  private zoomToSelection(u: uPlot): void {
    const { left, top, width, height } = u.select;
    if (width < 4 || height < 4) return;
    const x: [number, number] = [u.posToVal(left, 'x'), u.posToVal(left + width, 'x')];
    const y: [number, number] = [u.posToVal(top + height, 'y'), u.posToVal(top, 'y')];
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.zoom = { x, y };
    u.setData(this.plotData());
    this.handlers.onZoom(this.zoom);
  }

  private plotData(): uPlot.AlignedData {
    const d = this.data;
    const sel = this.selectedPoint();
    const facets: Facet[] = [
      [d.dominated.xs, d.dominated.ys],
      [d.infeasible.xs, d.infeasible.ys],
      [this.predicted.xs, this.predicted.ys],
      [d.front.xs, d.front.ys],
      [d.front.xs, d.front.ys],
      sel ? [[sel[0]], [sel[1]]] : [[], []],
    ];
    // uPlot's mode-2 data is [null, ...facets]; its typings only describe mode 1.
    return [null, ...facets] as unknown as uPlot.AlignedData;
  }

  private selectedPoint(): [number, number] | undefined {
    if (!this.selectedKey) return undefined;
    for (const s of [this.data.front, this.data.dominated, this.data.infeasible]) {
      const i = s.keys.indexOf(this.selectedKey);
      if (i >= 0) return [s.xs[i], s.ys[i]];
    }
    return undefined;
  }

  /** Nearest point within 12 CSS pixels of (x, y) in the plotting area, or undefined. */
  private nearest(px: number, py: number): string | undefined {
    const u = this.plot;
    if (!u) return undefined;
    let best: string | undefined;
    let bestD = 12 * 12;
    // Evaluated points first: on a tie the candidate that was evaluated wins.
    for (const s of [this.data.front, this.data.dominated, this.data.infeasible, this.predicted]) {
      for (let i = 0; i < s.xs.length; i++) {
        const dx = u.valToPos(s.xs[i], 'x') - px;
        const dy = u.valToPos(s.ys[i], 'y') - py;
        const d = dx * dx + dy * dy;
        if (d < bestD) {
          bestD = d;
          best = s.keys[i];
        }
      }
    }
    return best;
  }

  /** Density mode: dominated and infeasible points counted per cell, drawn with an opacity that grows with the log of the count. */
  private drawDensity(u: uPlot): void {
    const { left, top, width, height } = u.bbox;
    const cell = DENSITY_CELL * devicePixelRatio;
    const cols = Math.max(1, Math.ceil(width / cell));
    const rows = Math.max(1, Math.ceil(height / cell));
    const ctx = u.ctx;
    for (const [s, colour] of [[this.data.dominated, this.colours.dominated], [this.data.infeasible, this.colours.infeasible]] as const) {
      const counts = new Uint32Array(cols * rows);
      let max = 0;
      for (let i = 0; i < s.xs.length; i++) {
        const cx = Math.floor((u.valToPos(s.xs[i], 'x', true) - left) / cell);
        const cy = Math.floor((u.valToPos(s.ys[i], 'y', true) - top) / cell);
        if (cx < 0 || cy < 0 || cx >= cols || cy >= rows) continue;
        max = Math.max(max, ++counts[cy * cols + cx]);
      }
      if (max === 0) continue;
      ctx.save();
      ctx.fillStyle = colour;
      const scale = Math.log(max + 1);
      for (let k = 0; k < counts.length; k++) {
        if (counts[k] === 0) continue;
        ctx.globalAlpha = 0.15 + 0.85 * (Math.log(counts[k] + 1) / scale);
        ctx.fillRect(left + (k % cols) * cell, top + Math.floor(k / cols) * cell, cell, cell);
      }
      ctx.restore();
    }
  }

  private drawConstraints(u: uPlot): void {
    const lines = this.view.constraints.filter((c) => c.metric === this.view.x || c.metric === this.view.y);
    if (lines.length === 0) return;
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.strokeStyle = this.colours.constraint;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.fillStyle = this.colours.constraint;
    ctx.font = `${11 * devicePixelRatio}px sans-serif`;
    for (const c of lines) {
      ctx.beginPath();
      if (c.metric === this.view.x) {
        const x = u.valToPos(c.bound, 'x', true);
        if (x < left || x > left + width) continue;
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
        ctx.fillText(c.text, x + 4, top + 12 * devicePixelRatio);
      } else {
        const y = u.valToPos(c.bound, 'y', true);
        if (y < top || y > top + height) continue;
        ctx.moveTo(left, y);
        ctx.lineTo(left + width, y);
        ctx.stroke();
        ctx.fillText(c.text, left + 4, y - 4);
      }
    }
    ctx.restore();
  }

  /** Pixel position of a front point and the drawn count, for the end-to-end test (no effect on users). */
  private exposeForTests(): void {
    const u = this.plot;
    const f = this.data.front;
    this.container.dataset.points = String(f.xs.length + this.data.dominated.xs.length + this.data.infeasible.xs.length);
    this.container.dataset.zoomed = String(this.zoomed);
    const p = this.predicted;
    this.container.dataset.predicted = String(p.xs.length);
    if (u && p.xs.length) {
      const i = Math.floor(p.xs.length / 2);
      this.container.dataset.predictedPoint = `${Math.round(u.valToPos(p.xs[i], 'x'))},${Math.round(u.valToPos(p.ys[i], 'y'))}`;
      this.container.dataset.predictedKey = p.keys[i];
    }
    if (u && f.xs.length) {
      const i = Math.floor(f.xs.length / 2);
      this.container.dataset.samplePoint = `${Math.round(u.valToPos(f.xs[i], 'x'))},${Math.round(u.valToPos(f.ys[i], 'y'))}`;
      this.container.dataset.sampleKey = f.keys[i];
    }
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = undefined;
  }
}

function empty(): ScatterSeries {
  return { xs: [], ys: [], keys: [] };
}

/**
 * The data's range with a margin (5% of the span on each side; on a log scale, of the decades),
 * so points at the edges are drawn whole; a single value gets a range around it.
 */
export function padded(lo: number | null, hi: number | null, log: boolean): [number, number] {
  if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi)) return log ? [1, 10] : [0, 1];
  if (log) {
    const [a, b] = [Math.log10(lo), Math.log10(hi)];
    const m = b > a ? 0.05 * (b - a) : 0.5;
    return [10 ** (a - m), 10 ** (b + m)];
  }
  const m = hi > lo ? 0.05 * (hi - lo) : Math.abs(lo) * 0.1 || 1;
  return [lo - m, hi + m];
}

/** Points of a mode-2 series in one Path2D: circles, or squares when there are many. */
function drawPoints(diameter: number, hidden: () => boolean): uPlot.Series.PathBuilder {
  return (u, seriesIdx) => {
    const [xs, ys] = (u.data as unknown as Facet[])[seriesIdx];
    const path = new Path2D();
    if (hidden()) return { fill: path, stroke: path };
    const r = (diameter / 2) * devicePixelRatio;
    const squares = xs.length > MANY_POINTS;
    for (let i = 0; i < xs.length; i++) {
      const cx = u.valToPos(xs[i], 'x', true);
      const cy = u.valToPos(ys[i], 'y', true);
      if (squares) {
        path.rect(cx - r * 0.8, cy - r * 0.8, r * 1.6, r * 1.6);
      } else {
        path.moveTo(cx + r, cy);
        path.arc(cx, cy, r, 0, 2 * Math.PI);
      }
    }
    return { fill: path, stroke: squares ? undefined : path };
  };
}

/** Hollow circles with a bar of ±1 std along each axis that is predicted, all in one stroked path. */
function drawPredicted(diameter: number, points: () => PredictedSeries): uPlot.Series.PathBuilder {
  return (u) => {
    const { xs, ys, xErr, yErr } = points();
    const path = new Path2D();
    const r = (diameter / 2) * devicePixelRatio;
    for (let i = 0; i < xs.length; i++) {
      const cx = u.valToPos(xs[i], 'x', true);
      const cy = u.valToPos(ys[i], 'y', true);
      path.moveTo(cx + r, cy);
      path.arc(cx, cy, r, 0, 2 * Math.PI);
      // Each half of a bar runs from the mark's edge outwards, when it reaches past the mark.
      const [left, right] = [u.valToPos(xs[i] - xErr[i], 'x', true), u.valToPos(xs[i] + xErr[i], 'x', true)];
      if (left < cx - r) segment(path, cx - r, cy, left, cy);
      if (right > cx + r) segment(path, cx + r, cy, right, cy);
      // Canvas y grows downwards: the lower value is below the mark.
      const [below, above] = [u.valToPos(ys[i] - yErr[i], 'y', true), u.valToPos(ys[i] + yErr[i], 'y', true)];
      if (below > cy + r) segment(path, cx, cy + r, cx, below);
      if (above < cy - r) segment(path, cx, cy - r, cx, above);
    }
    return { stroke: path };
  };
}

function segment(path: Path2D, x0: number, y0: number, x1: number, y1: number): void {
  path.moveTo(x0, y0);
  path.lineTo(x1, y1);
}

function emptyPredicted(): PredictedSeries {
  return { xs: [], ys: [], xErr: [], yErr: [], keys: [] };
}

/** The front connected as a staircase-free polyline (points are sorted by x). */
const drawLine: uPlot.Series.PathBuilder = (u, seriesIdx) => {
  const [xs, ys] = (u.data as unknown as Facet[])[seriesIdx];
  const path = new Path2D();
  for (let i = 0; i < xs.length; i++) {
    const x = u.valToPos(xs[i], 'x', true);
    const y = u.valToPos(ys[i], 'y', true);
    if (i === 0) path.moveTo(x, y);
    else path.lineTo(x, y);
  }
  return { stroke: path };
};
