// The candidate in training, above the charts while a proxy search runs: which one, repeat,
// epoch, batch, loss and time so far, and its loss curve growing (a small canvas, redrawn with
// each report, a few times per second at most).
import { formatDuration, formatTrainingStep } from '../src/protocol/formatMetric';
import type { TrainingProgress } from '../src/protocol/runtimeTypes';
import { chartColours } from './theme';

export class TrainingView {
  readonly element: HTMLElement;
  private readonly text = document.createElement('div');
  private readonly canvas = document.createElement('canvas');

  constructor() {
    this.element = document.createElement('section');
    this.element.className = 'nas-card nas-training';
    this.element.dataset.testid = 'nas-training';
    const title = Object.assign(document.createElement('h2'), { textContent: 'In training' });
    this.text.className = 'nas-training-text';
    this.canvas.className = 'nas-loss-curve';
    this.canvas.dataset.testid = 'nas-loss-curve';
    this.element.append(title, this.text, this.canvas);
    this.element.hidden = true;
  }

  show(t: TrainingProgress | undefined): void {
    this.element.hidden = !t;
    if (!t) return;
    this.text.textContent = `${t.key} · ${formatTrainingStep(t)} · ${formatDuration(t.elapsedMs / 1000)}`;
    this.canvas.dataset.points = String(t.lossCurve.length);
    this.draw(t.lossCurve);
  }

  private draw(curve: number[]): void {
    const c = this.canvas;
    const width = Math.max(60, c.clientWidth || 300);
    const height = 60;
    c.width = Math.round(width * devicePixelRatio);
    c.height = Math.round(height * devicePixelRatio);
    const ctx = c.getContext('2d');
    if (!ctx || curve.length === 0) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of curve) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const span = hi - lo || 1;
    const pad = 4 * devicePixelRatio;
    const x = (i: number) => pad + ((c.width - 2 * pad) * i) / Math.max(1, curve.length - 1);
    const y = (v: number) => pad + (c.height - 2 * pad) * (1 - (v - lo) / span);
    ctx.strokeStyle = chartColours().best;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.beginPath();
    curve.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
    if (curve.length === 1) ctx.arc(x(0), y(curve[0]), 2 * devicePixelRatio, 0, 2 * Math.PI);
    ctx.stroke();
  }
}
