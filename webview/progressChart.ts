// Best-so-far (first objective) and hypervolume (first two objectives) over evaluations,
// a plain uPlot line chart with two y scales.
import uPlot from 'uplot';
import { groupDigits } from '../src/protocol/formatMetric';
import { chartColours } from './theme';

const WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 25_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

export class ProgressChart {
  private plot: uPlot | undefined;

  constructor(private readonly container: HTMLElement) {
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(container);
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(120, this.container.clientWidth), height: 180 };
  }

  configure(bestLabel: string, withHypervolume: boolean): void {
    this.plot?.destroy();
    const c = chartColours();
    const axis = { stroke: c.axis, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid }, font: c.font, labelFont: c.font };
    const series: uPlot.Series[] = [{ label: 'evaluations' }, { label: `best ${bestLabel}`, stroke: c.best, width: 2, scale: 'best', points: { show: false } }];
    // Evaluations are whole: ticks at whole steps only (fractional steps printed 1, 1, 2, 2).
    const axes: uPlot.Axis[] = [{ ...axis, label: 'evaluations', incrs: WHOLE_STEPS, values: (_u, ticks) => ticks.map((t) => groupDigits(t)) }, { ...axis, scale: 'best', label: `best ${bestLabel}`, size: 60 }];
    if (withHypervolume) {
      series.push({ label: 'hypervolume', stroke: c.hypervolume, width: 2, scale: 'hv', points: { show: false } });
      axes.push({ ...axis, scale: 'hv', side: 1, label: 'hypervolume', grid: { show: false }, size: 50 });
    }
    this.plot = new uPlot({ ...this.size(), series, axes, scales: { x: { time: false } }, legend: { show: true, live: false }, cursor: { drag: { x: false, y: false } } }, [[]], this.container);
  }

  update(evals: number[], best: (number | null)[], hypervolume: (number | null)[] | undefined): void {
    const data = hypervolume ? [evals, best, hypervolume] : [evals, best];
    this.plot?.setData(data as uPlot.AlignedData);
  }
}
