// Every run the tree and the panel can show: finished runs read from `.nas/runs/*` on disk,
// plus live runs fed by the search worker's events. Records of a run are loaded from disk only
// when someone looks at it (expanding it in the tree, opening it in the panel).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runState } from '../core/run/runState';
import type { CandidateRecord, RunInfo } from '../core/run/types';
import type { LiveProgress, RunStatus, RunView } from '../protocol/webviewProtocol';
import { CandidateIndex } from './candidateIndex';
import { LatestPredictions, PREDICTED_SHOWN, type PredictedRecord } from '../core/run/predictedLog';
import { LineCounter, listRuns, readRunCandidates, readRunInfo, readRunPredicted, sortRunsNewestFirst } from './runFiles';

export interface RunEntry {
  runId: string;
  runDir: string;
  info: RunInfo;
  status: RunStatus;
  evaluated: number;
  /** Set once the records are in memory (always for a live run). */
  loaded?: LoadedRun;
}

interface LoadedRun {
  records: CandidateRecord[];
  index: CandidateIndex;
  indices: Set<number>;
  /** The latest prediction of each candidate the strategy's predictor ranked (evaluated ones included). */
  predicted: LatestPredictions;
}

function loadedRun(records: CandidateRecord[], info: RunInfo, predicted: LatestPredictions): LoadedRun {
  const index = new CandidateIndex(info.settings);
  index.addAll(records);
  return { records, index, indices: new Set(records.map((r) => r.index)), predicted };
}

export class RunRegistry implements vscode.Disposable {
  private readonly runs = new Map<string, RunEntry>();
  private readonly changed = new vscode.EventEmitter<RunEntry | undefined>();
  private readonly appended = new vscode.EventEmitter<{ run: RunEntry; records: CandidateRecord[] }>();
  /** A run was added, removed, or its status/count changed (undefined: the list itself changed). */
  readonly onDidChange = this.changed.event;
  /** Records were added to a loaded run. */
  readonly onDidAppend = this.appended.event;
  private readonly predictedEmitter = new vscode.EventEmitter<{ run: RunEntry; records: PredictedRecord[] }>();
  /** A live run's strategy predicted candidates. */
  readonly onDidPredict = this.predictedEmitter.event;
  private readonly live = new vscode.EventEmitter<LiveProgress>();
  /** A live run's time left and candidate in training (not kept: only for whoever shows it now). */
  readonly onDidReportProgress = this.live.event;

  /** Keeps refresh() from re-reading every run's whole log each time. */
  private readonly lineCounter = new LineCounter();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  static runsDir(folder: string): string {
    return path.join(folder, '.nas', 'runs');
  }

  async refresh(): Promise<void> {
    const seen = new Set<string>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const r of await listRuns(RunRegistry.runsDir(folder.uri.fsPath), (p) => this.log.warn(p), this.lineCounter)) {
        seen.add(r.info.runId);
        const existing = this.runs.get(r.info.runId);
        if (existing && existing.status === 'running') continue;
        this.runs.set(r.info.runId, {
          ...existing,
          runId: r.info.runId,
          runDir: r.runDir,
          info: r.info,
          evaluated: r.evaluated,
          status: statusOnDisk(r.info, r.evaluated, existing?.status),
        });
      }
    }
    for (const [id, run] of this.runs) if (!seen.has(id) && run.status !== 'running') this.runs.delete(id);
    this.changed.fire(undefined);
  }

  list(): RunEntry[] {
    return sortRunsNewestFirst([...this.runs.values()]);
  }

  get(runId: string): RunEntry | undefined {
    return this.runs.get(runId);
  }

  /** The run with its records in memory; reads them from disk the first time. */
  async load(runId: string): Promise<RunEntry | undefined> {
    let run = this.runs.get(runId);
    if (!run) {
      await this.refresh();
      run = this.runs.get(runId);
    }
    if (!run || run.loaded) return run;
    const { records, warnings } = await readRunCandidates(run.runDir);
    for (const w of warnings) this.log.warn(w);
    const predicted = await this.readPredicted(run.runDir);
    if (!run.loaded) {
      run.loaded = loadedRun(records, run.info, predicted);
      run.evaluated = records.length;
    }
    return run;
  }

  async loadFromDir(runDir: string): Promise<RunEntry | undefined> {
    const info = await readRunInfo(runDir);
    if (!this.runs.has(info.runId)) {
      this.runs.set(info.runId, { runId: info.runId, runDir, info, status: 'interrupted', evaluated: 0 });
    }
    return this.load(info.runId);
  }

  /** A search started (or resumed): records already on disk are loaded first, so a resumed run shows its history. */
  async startLive(info: RunInfo, runDir: string): Promise<RunEntry> {
    const { records } = await readRunCandidates(runDir);
    const run: RunEntry = { runId: info.runId, runDir, info, status: 'running', evaluated: records.length, loaded: loadedRun(records, info, await this.readPredicted(runDir)) };
    this.runs.set(info.runId, run);
    this.changed.fire(undefined);
    return run;
  }

  append(runId: string, records: readonly CandidateRecord[]): void {
    const run = this.runs.get(runId);
    if (!run?.loaded) return;
    // A resumed run may re-announce a record that was already on disk when we read it.
    const added = records.filter((r) => !run.loaded!.indices.has(r.index));
    if (added.length === 0) return;
    for (const record of added) {
      run.loaded.indices.add(record.index);
      run.loaded.records.push(record);
      run.loaded.index.add(record);
    }
    run.evaluated = run.loaded.records.length;
    this.appended.fire({ run, records: added });
  }

  /** A run's predictions are a picture only: one that cannot be read is logged, and the run shows without it. */
  private async readPredicted(runDir: string): Promise<LatestPredictions> {
    try {
      return await readRunPredicted(runDir);
    } catch (e) {
      this.log.warn(`${runDir}: cannot read its predictions: ${(e as Error).message}`);
      return new LatestPredictions(PREDICTED_SHOWN);
    }
  }

  appendPredicted(runId: string, records: readonly PredictedRecord[]): void {
    const run = this.runs.get(runId);
    if (!run?.loaded || records.length === 0) return;
    run.loaded.predicted.add(records);
    this.predictedEmitter.fire({ run, records: [...records] });
  }

  /** The candidates predicted and not evaluated, latest prediction each (bounded: PREDICTED_SHOWN). */
  predictedOnly(run: RunEntry): PredictedRecord[] {
    const loaded = run.loaded;
    return loaded ? loaded.predicted.values().filter((p) => !loaded.index.get(p.key)) : [];
  }

  reportProgress(progress: LiveProgress): void {
    this.live.fire(progress);
  }

  setStatus(runId: string, status: RunStatus): void {
    const run = this.runs.get(runId);
    if (!run) return;
    run.status = status;
    this.changed.fire(run);
  }

  remove(runId: string): void {
    this.runs.delete(runId);
    this.changed.fire(undefined);
  }

  view(run: RunEntry): RunView {
    // strategyState is for resuming only: the panel never needs it.
    const candidates = (run.loaded?.records ?? []).map(({ strategyState: _s, ...r }) => r);
    return { runId: run.runId, runDir: run.runDir, info: run.info, status: run.status, candidates };
  }

  dispose(): void {
    this.changed.dispose();
    this.appended.dispose();
    this.predictedEmitter.dispose();
    this.live.dispose();
  }
}

/** A run that is not running here: run.json says how it ended; no end record means its process went away. */
function statusOnDisk(info: RunInfo, evaluated: number, known: RunEntry['status'] | undefined): RunEntry['status'] {
  if (!info.ended && known === 'stopped') return 'stopped';
  return runState(info, evaluated);
}
