// One search running in its own worker process: forwards the worker's events to the run
// registry, drives the progress notification (with cancel) and the status bar, and turns an
// unexpected worker exit into an "interrupted" run with a one-line message and a Resume action.
// Everything evaluated is already in candidates.jsonl, written by the worker as it goes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SearchProgress, SearchRequest, SearchSummary } from '../protocol/records';
import type { TrainingProgress } from '../protocol/runtimeTypes';
import type { RunStatus } from '../protocol/webviewProtocol';
import { describeOutcome, readRunObjectives } from '../protocol/objectives';
import { formatDuration, formatMetric, formatTrainingStep, groupDigits } from '../protocol/formatMetric';
import { parseEstimator } from '../core/estimate/estimators/index';
import type { StopReason } from '../core/run/types';
import { SAME_FAILURE_LIMIT } from '../core/search/loop';
import { endedState } from '../core/run/runState';
import { candidateLine } from './candidateLine';
import type { RunRegistry } from './runRegistry';
import type { Workers } from './workers';
import type { WorkerProcess } from './workerProcess';

/** Progress between candidates reaches the status bar, the notification and the panel at most this often. */
const LIVE_REPORT_MS = 250;

export class SearchSession implements vscode.Disposable {
  runId: string | undefined;
  runDir: string | undefined;
  private worker: WorkerProcess | undefined;
  private progress: SearchProgress = { evaluated: 0, budget: 0 };
  private stopRequested = false;
  private interrupting = false;
  private readonly ended = new vscode.EventEmitter<void>();
  readonly onDidEnd = this.ended.event;
  private readonly runStarted = new vscode.EventEmitter<string>();
  /** The worker started (or resumed) the run in this folder. */
  readonly onDidStartRun = this.runStarted.event;
  private finished = false;
  private training: TrainingProgress | undefined;
  private etaSec: number | undefined;
  private spaceName: string | undefined;
  private lastLiveReport = 0;
  /** One per search, so two searches at once each show their own, named. */
  private readonly statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);

  constructor(
    private readonly request: SearchRequest,
    private readonly workers: Workers,
    private readonly registry: RunRegistry,
    private readonly log: vscode.LogOutputChannel,
    private readonly onResume: (runDir: string) => void,
  ) {}

  get label(): string {
    return path.basename(this.request.spaceFile);
  }

  /** The space file and, once started, the run: what the status bar and messages call this search. */
  get name(): string {
    return this.runId ? `${this.label} (run ${this.runId})` : this.label;
  }

  start(): void {
    const worker = this.workers.startSearchWorker(({ code, signal, expected }) => this.workerExited(code, signal, expected));
    this.worker = worker;
    // Records can arrive before the registry has loaded the run's history: keep their order.
    let ready: Promise<unknown> = Promise.resolve();
    worker.rpc.on('runStarted', ({ info, runDir }) => {
      this.runId = info.runId;
      this.runDir = runDir;
      this.spaceName = info.spaceName;
      this.log.info(`run ${info.runId} started in ${runDir} (${info.settings.strategy}, budget ${info.settings.budget}, ${info.settings.estimator})`);
      // A failure to read the run's history is logged, never left to reject the chain: every
      // later candidate and the run's end wait on it.
      ready = this.registry.startLive(info, runDir).catch((e: Error) => this.log.error(`reading run ${info.runId}: ${e.message}`));
      void vscode.commands.executeCommand('nas.showParetoFront', info.runId);
      this.runStarted.fire(runDir);
    });
    worker.rpc.on('candidates', (records) => {
      for (const record of records) this.log.info(candidateLine(record, this.request.settings));
      ready = ready.then(() => this.runId && this.registry.append(this.runId, records)).catch((e: Error) => this.log.error(`candidates ${records[0]?.index}-${records.at(-1)?.index}: ${e.message}`));
    });
    worker.rpc.on('predicted', (records) => {
      ready = ready.then(() => this.runId && this.registry.appendPredicted(this.runId, records)).catch((e: Error) => this.log.error(`predictions: ${e.message}`));
    });
    worker.rpc.on('progress', (p) => {
      this.progress = p;
      this.etaSec = p.etaSec;
      this.training = undefined;
      // Each update is a message to the workbench's window, where the user types: a table run
      // reports thousands of candidates a second, so they are sent a few times per second.
      const now = Date.now();
      if (now - this.lastLiveReport < LIVE_REPORT_MS && p.evaluated < p.budget) return;
      this.lastLiveReport = now;
      this.updateStatusBar();
      if (this.runId) this.registry.reportProgress({ runId: this.runId, ...(p.etaSec !== undefined ? { etaSec: p.etaSec } : {}) });
    });
    worker.rpc.on('training', (t) => {
      this.training = t;
      if (t.etaSec !== undefined) this.etaSec = t.etaSec;
      this.updateStatusBar();
      if (this.runId) this.registry.reportProgress({ runId: this.runId, ...(t.etaSec !== undefined ? { etaSec: t.etaSec } : {}), training: t });
    });
    this.progress = { evaluated: 0, budget: this.request.settings.budget };
    this.updateStatusBar();
    this.statusBar.show();
    worker.rpc.request('startSearch', this.request).then(
      (summary) => ready.then(() => this.succeeded(summary)),
      (e: Error) => ready.then(() => this.failed(e)),
    );
  }

  private updateStatusBar(): void {
    const p = this.progress;
    const left = this.etaSec !== undefined ? ` · ${formatDuration(this.etaSec)} left` : '';
    this.statusBar.text = `$(pulse) NAS ${this.spaceName ?? this.label} ${groupDigits(p.evaluated)}/${groupDigits(p.budget)}${left}${p.best ? ` · best ${bestText(p, this.request.settings)}` : ''}`;
    const t = this.training;
    const now = t ? `\nTraining ${t.key}: ${formatTrainingStep(t)} · ${formatDuration(t.elapsedMs / 1000)}` : '';
    this.statusBar.tooltip = `NAS search on ${this.label}${this.runId ? ` (run ${this.runId})` : ''}${now}\nClick to show the Pareto front; NAS: Stop Search stops it`;
    this.statusBar.command = { title: 'Show Pareto Front', command: 'nas.showParetoFront', arguments: [this.runId] };
  }

  /**
   * Asks the worker to stop (the run store closes cleanly), then ends the process if it lingers.
   * `interrupted`: the window is going away, not the user stopping: the run is left interrupted.
   */
  async stop(interrupted = false): Promise<void> {
    if (this.finished || !this.worker) return;
    this.stopRequested = true;
    this.interrupting = interrupted;
    this.log.info(`${interrupted ? 'interrupting' : 'stopping'} the search ${this.name}`);
    try {
      await Promise.race([this.worker.rpc.request('stopSearch', interrupted ? { interrupted } : {}), new Promise((r) => setTimeout(r, 2000))]);
      await Promise.race([this.worker.whenExited(), new Promise((r) => setTimeout(r, 5000))]);
    } catch {
      // The worker is already gone: nothing left to stop.
    }
    await this.worker.stop(2000);
  }

  private succeeded(summary: SearchSummary): void {
    if (this.finished) return;
    if (this.interrupting) return this.end('interrupted');
    // A stop that arrives after the last candidate leaves a finished run: say what happened.
    const status = endedState(summary.stoppedBy);
    this.end(status);
    const info = this.runId ? this.registry.get(this.runId)?.info : undefined;
    const outcome = summary.best ? ` ${describeOutcome(summary, readRunObjectives(info?.settings ?? this.request.settings).objectives, info?.catalog)}.` : '';
    const headline = `search ${this.name} ${endPhrase(summary.stoppedBy, summary.evaluated)}`;
    this.log.info(`${headline}.${outcome}`);
    if (status === 'failing') {
      const last = this.runId ? this.registry.get(this.runId)?.loaded?.records.at(-1)?.error : undefined;
      const actions = this.runDir ? ['Resume', 'Show Log'] : ['Show Log'];
      void vscode.window.showErrorMessage(`NAS: ${headline}${last ? `: ${last}` : ''}. Fix the cause, then Resume.`, ...actions).then((c) => {
        if (c === 'Resume' && this.runDir) this.onResume(this.runDir);
        if (c === 'Show Log') this.log.show();
      });
    } else {
      void vscode.window.showInformationMessage(`NAS: ${headline}.${outcome}`);
    }
    void this.worker?.stop(2000);
  }

  private failed(e: Error): void {
    if (this.finished) return;
    if (this.stopRequested) return this.end(this.interrupting ? 'interrupted' : 'stopped');
    // An exit is handled by workerExited; this is an error the runtime reported.
    if (!this.worker?.running) return;
    this.end(this.runId ? 'interrupted' : undefined);
    this.log.error(`search failed: ${e.message}`);
    void vscode.window.showErrorMessage(`NAS: the search on ${this.label} failed: ${e.message}`, 'Show Log').then((c) => c && this.log.show());
    void this.worker?.stop(2000);
  }

  private workerExited(code: number | null, signal: NodeJS.Signals | null, expected: boolean): void {
    if (this.finished) return;
    if (expected || this.stopRequested) return this.end(this.runId ? (this.interrupting ? 'interrupted' : 'stopped') : undefined);
    this.end(this.runId ? 'interrupted' : undefined);
    const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
    const saved = this.runId ? `; ${this.registry.get(this.runId)?.evaluated ?? 0} evaluated candidates are saved` : '';
    const actions = this.runDir ? ['Resume', 'Show Log'] : ['Show Log'];
    void vscode.window.showWarningMessage(`NAS: the search worker ${why}${saved}.`, ...actions).then((c) => {
      if (c === 'Resume' && this.runDir) this.onResume(this.runDir);
      if (c === 'Show Log') this.log.show();
    });
  }

  private end(status: RunStatus | undefined): void {
    this.finished = true;
    if (this.runId && status) this.registry.setStatus(this.runId, status);
    this.statusBar.text = `$(pulse) NAS ${this.spaceName ?? this.label} ${groupDigits(this.progress.evaluated)}/${groupDigits(this.progress.budget)} ${status ?? 'ended'}`;
    // The last word stays in view a while, then makes room.
    setTimeout(() => this.statusBar.dispose(), 60_000).unref?.();
    this.ended.fire();
  }

  /** Whether it trains candidates (the proxy estimator), so competes with another for the cores. */
  get trains(): boolean {
    return parseEstimator(this.request.settings.estimator).name === 'proxy';
  }

  get isRunning(): boolean {
    return !this.finished;
  }

  /** The window reloads or closes: the run is interrupted, to be offered for resuming next time. */
  dispose(): void {
    void this.stop(true);
    this.statusBar.dispose();
    this.ended.dispose();
    this.runStarted.dispose();
  }
}

/** How a search ended, e.g. "finished: 50 candidates evaluated (budget reached)", "stopped by you after 1 candidate". */
export function endPhrase(stoppedBy: StopReason, evaluated: number): string {
  const n = `${groupDigits(evaluated)} candidate${evaluated === 1 ? '' : 's'}`;
  switch (stoppedBy) {
    case 'cancelled': return `stopped by you after ${n}; Resume continues it`;
    case 'failing': return `stopped after ${n}: the same failure ${SAME_FAILURE_LIMIT} times in a row`;
    case 'budget': return `finished: ${n} evaluated (budget reached)`;
    case 'time': return `finished: ${n} evaluated (time limit reached)`;
    case 'exhausted': return `finished: ${n} evaluated (every architecture of the space)`;
  }
}

/** The best candidate's first-objective value, e.g. "c10_valid 91.57". */
function bestText(p: SearchProgress, settings: SearchRequest['settings']): string {
  if (!p.best) return '';
  const metric = readRunObjectives(settings).objectives[0]?.metric;
  const v = metric === undefined ? undefined : p.best.metrics[metric];
  return v === undefined ? p.best.key : `${metric} ${formatMetric(v)}`;
}
