// Search progress on a terminal: a redrawn bar with the time left, the best so far and the
// candidate in training on a TTY; plain lines otherwise (CI logs, pipes, and with --json, whose
// stdout is the result): one per candidate with its duration, and one per finished epoch.
import type { CandidateRecord } from '../core/run/types';
import { formatDuration, formatMetric, formatTrainingStep, groupDigits } from '../protocol/formatMetric';
import type { SearchProgress, TrainingProgress } from '../protocol/runtimeTypes';

export class ProgressReporter {
  private lastDraw = 0;
  private last: SearchProgress = { evaluated: 0, budget: 0 };
  private training: TrainingProgress | undefined;

  /** `shown`: objective and constraint metrics, which lead each line; the first ranks 'best'. */
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly shown: readonly string[],
    /** Plain lines even on a TTY. */
    private readonly plain = false,
  ) {}

  private get tty(): boolean {
    return !this.plain && this.stream.isTTY === true;
  }

  candidate(r: CandidateRecord, budget: number): void {
    this.training = undefined;
    if (this.tty) return;
    const names = [...new Set([...this.shown, ...Object.keys(r.metrics)])].filter((k) => k in r.metrics).slice(0, Math.max(4, this.shown.length));
    const m = r.status === 'ok' ? names.map((k) => `${k}=${formatMetric(r.metrics[k])}`).join(' ') : `${r.status}: ${r.error ?? ''}`;
    const level = r.fidelity ? ` (${r.fidelity.setting} ${r.fidelity.value})` : '';
    this.stream.write(`[${groupDigits(r.index + 1)}/${groupDigits(budget)}] ${r.key}${level}  ${m}  (${formatDuration(r.durationMs / 1000)})\n`);
  }

  progress(p: SearchProgress): void {
    this.last = p;
    this.draw(p.evaluated >= p.budget);
  }

  /** The candidate in training: redrawn on a TTY, a line per finished epoch otherwise. */
  trainingStep(t: TrainingProgress): void {
    this.training = t;
    if (this.tty) return this.draw(false);
    if (t.batch === t.batches) this.stream.write(`  training ${t.key}: ${formatTrainingStep(t)} · ${formatDuration(t.elapsedMs / 1000)}\n`);
  }

  private draw(force: boolean): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.lastDraw < 50 && !force) return;
    this.lastDraw = now;
    const p = this.last;
    const width = 30;
    const done = Math.round((width * p.evaluated) / Math.max(1, p.budget));
    const eta = this.training?.etaSec ?? p.etaSec;
    const left = eta !== undefined && p.evaluated < p.budget ? `  ${formatDuration(eta)} left` : '';
    const best = p.best ? `  best ${this.shown[0]}=${formatMetric(p.best.metrics[this.shown[0]])}` : '';
    const t = this.training;
    const inTraining = t ? `  training ${formatTrainingStep(t)} (${formatDuration(t.elapsedMs / 1000)})` : '';
    this.stream.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${groupDigits(p.evaluated)}/${groupDigits(p.budget)}${left}${best}${inTraining}\x1b[K`);
  }

  end(): void {
    if (this.tty) this.stream.write('\n');
  }
}
