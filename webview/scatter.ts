// The Pareto scatter, drawn with uPlot in its "mode 2" (x/y facets, no shared x): dominated,
// infeasible and front points, the front connected, the constraint as a line, the selected
// candidate ringed. Hover finds the nearest point in pixels; a click selects it. With deltas
// at ~10 Hz and 5,000 points, a redraw is one setData over typed paths: it stays smooth.
import uPlot from 'uplot';
import type { Constraint } from '../src/protocol/objectives';
import type { ScatterData, ScatterSeries } from './runModel';
import { chartColours, ChartColours } from './theme';

export interface ScatterHandlers {
  onHover(key: string | undefined, clientX: number, clientY: number): void;
  onSelect(key: string): void;
}

type Facet = [number[], number[]];

export class ScatterChart {
  private plot: uPlot | undefined;
  private data: ScatterData = { front: empty(), dominated: empty(), infeasible: empty() };
  private selectedKey: string | undefined;
  private colours: ChartColours = chartColours();
  private constraintLines: Constraint[] = [];
  private axes = { x: '', y: '' };

  constructor(
    private readonly container: HTMLElement,
    private readonly handlers: ScatterHandlers,
  ) {
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(container);
  }

  private size(): { width: number; height: number } {
    const width = Math.max(280, this.container.clientWidth);
    return { width, height: Math.round(Math.min(420, Math.max(240, width * 0.6))) };
  }

  /** Rebuilds the chart (axes changed, theme changed). */
  configure(x: string, y: string, constraints: Constraint[]): void {
    this.axes = { x, y };
    this.constraintLines = constraints.filter((c) => c.metric === x || c.metric === y);
    this.colours = chartColours();
    this.plot?.destroy();
    const c = this.colours;
    const pointSeries = (label: string, colour: string, size: number, opacity = 1): uPlot.Series => ({ label, stroke: colour, fill: colour, alpha: opacity, paths: drawPoints(size), points: { show: false }, facets: [{ scale: 'x', auto: true }, { scale: 'y', auto: true }] } as uPlot.Series);
    const opts: uPlot.Options = {
      mode: 2,
      ...this.size(),
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
      scales: { x: { time: false }, y: {} },
      axes: [
        { label: x, stroke: c.axis, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid }, font: c.font, labelFont: c.font },
        { label: y, stroke: c.axis, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid }, font: c.font, labelFont: c.font, size: 60 },
      ],
      series: [
        {},
        pointSeries('dominated', c.dominated, 5, 0.55),
        pointSeries('infeasible', c.infeasible, 5, 0.6),
        { label: 'front', stroke: c.front, width: 1.5, paths: drawLine, points: { show: false }, facets: [{ scale: 'x', auto: true }, { scale: 'y', auto: true }] } as uPlot.Series,
        pointSeries('front', c.front, 8),
        pointSeries('selected', c.selected, 13),
      ],
      hooks: { draw: [(u) => this.drawConstraints(u), () => this.exposeForTests()] },
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
  }

  update(data: ScatterData, selectedKey: string | undefined): void {
    this.data = data;
    this.selectedKey = selectedKey;
    this.plot?.setData(this.plotData());
  }

  private plotData(): uPlot.AlignedData {
    const d = this.data;
    const sel = this.selectedPoint();
    const facets: Facet[] = [
      [d.dominated.xs, d.dominated.ys],
      [d.infeasible.xs, d.infeasible.ys],
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
    for (const s of [this.data.front, this.data.dominated, this.data.infeasible]) {
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

  private drawConstraints(u: uPlot): void {
    if (this.constraintLines.length === 0) return;
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.strokeStyle = this.colours.constraint;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.fillStyle = this.colours.constraint;
    ctx.font = `${11 * devicePixelRatio}px sans-serif`;
    for (const c of this.constraintLines) {
      ctx.beginPath();
      if (c.metric === this.axes.x) {
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

  /** Pixel position of a front point, for the end-to-end test to click (no effect on users). */
  private exposeForTests(): void {
    const u = this.plot;
    const f = this.data.front;
    this.container.dataset.points = String(f.xs.length + this.data.dominated.xs.length + this.data.infeasible.xs.length);
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

/** Points of a mode-2 series as filled circles, in one Path2D. */
function drawPoints(diameter: number): uPlot.Series.PathBuilder {
  return (u, seriesIdx) => {
    const [xs, ys] = (u.data as unknown as Facet[])[seriesIdx];
    const r = (diameter / 2) * devicePixelRatio;
    const path = new Path2D();
    for (let i = 0; i < xs.length; i++) {
      const cx = u.valToPos(xs[i], 'x', true);
      const cy = u.valToPos(ys[i], 'y', true);
      path.moveTo(cx + r, cy);
      path.arc(cx, cy, r, 0, 2 * Math.PI);
    }
    return { fill: path, stroke: path };
  };
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
