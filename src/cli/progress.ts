// Search progress on a terminal: a redrawn bar with the best so far on a TTY, plain lines
// otherwise (CI logs, pipes).
import type { CandidateRecord } from '../core/run/types';
import { formatMetric, groupDigits } from '../protocol/formatMetric';
import type { SearchProgress } from '../protocol/runtimeTypes';

export class ProgressReporter {
  private lastDraw = 0;

  /** `shown`: objective and constraint metrics, which lead each line; the first ranks 'best'. */
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly shown: readonly string[],
  ) {}

  private get tty(): boolean {
    return this.stream.isTTY === true;
  }

  candidate(r: CandidateRecord, budget: number): void {
    if (this.tty) return;
    const names = [...new Set([...this.shown, ...Object.keys(r.metrics)])].filter((k) => k in r.metrics).slice(0, Math.max(4, this.shown.length));
    const m = r.status === 'ok' ? names.map((k) => `${k}=${formatMetric(r.metrics[k])}`).join(' ') : `${r.status}: ${r.error ?? ''}`;
    const level = r.fidelity ? ` (${r.fidelity.setting} ${r.fidelity.value})` : '';
    this.stream.write(`[${groupDigits(r.index + 1)}/${groupDigits(budget)}] ${r.key}${level}  ${m}\n`);
  }

  progress(p: SearchProgress): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.lastDraw < 50 && p.evaluated < p.budget) return;
    this.lastDraw = now;
    const width = 30;
    const done = Math.round((width * p.evaluated) / Math.max(1, p.budget));
    const best = p.best ? `  best ${this.shown[0]}=${formatMetric(p.best.metrics[this.shown[0]])}` : '';
    this.stream.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${groupDigits(p.evaluated)}/${groupDigits(p.budget)}${best}\x1b[K`);
  }

  end(): void {
    if (this.tty) this.stream.write('\n');
  }
}
