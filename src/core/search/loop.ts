// The search loop: asks the strategy for candidates, evaluates them through the Estimator with
// bounded concurrency, records every result (failed ones too), and stops on the evaluation
// budget, the wall-clock budget, cancellation, or an exhausted space. Nothing evaluated is lost:
// each record is handed to the sink as soon as it exists.

import type { Estimator, EvaluationResult } from '../estimate/types';
import type { CandidateRecord } from '../run/types';
import type { SearchSpace } from '../space/searchSpace';
import { constraintViolation, type Constraint, type Objective } from './objectives';
import type { Proposal, Strategy } from './strategy';

export interface SearchBudget {
  /** Evaluations for the whole run, including those of `previous`. */
  evaluations: number;
  /** Wall-clock seconds for this session: no candidate is started after it (running ones finish). */
  seconds?: number;
}

/** Where records go as they are produced (the RunStore, or anything else). */
export interface CandidateSink {
  append(record: CandidateRecord): void;
}

export interface SearchProgress {
  evaluated: number;
  budget: number;
  inFlight: number;
  failed: number;
  elapsedMs: number;
}

export type StopReason = 'budget' | 'time' | 'aborted' | 'exhausted';

export interface SearchOutcome {
  /** Every record of the run, `previous` included, in index order. */
  records: CandidateRecord[];
  stopReason: StopReason;
  /** For 'exhausted': the strategy's explanation. */
  message?: string;
}

export interface SearchOptions {
  space: SearchSpace;
  strategy: Strategy;
  estimator: Estimator;
  objectives: readonly Objective[];
  constraints: readonly Constraint[];
  budget: SearchBudget;
  signal?: AbortSignal;
  /** Evaluations running at once (default 1; with 1 a run is deterministic for a given seed). */
  concurrency?: number;
  sink?: CandidateSink;
  /** Records of an interrupted run being resumed; the strategy must already be restored from them. */
  previous?: readonly CandidateRecord[];
  /** Decode each candidate's graph into the request (estimators that build or cost the model need it). */
  includeGraph?: boolean;
  onCandidate?(record: CandidateRecord): void;
  onProgress?(progress: SearchProgress): void;
}

export async function runSearch(opts: SearchOptions): Promise<SearchOutcome> {
  const { space, strategy, estimator, budget, signal } = opts;
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
  const records: CandidateRecord[] = [...(opts.previous ?? [])];
  const started = Date.now();
  const deadline = budget.seconds !== undefined ? started + budget.seconds * 1000 : Infinity;
  let failed = records.filter((r) => r.status !== 'ok').length;
  const running = new Map<string, Promise<void>>();
  let stopReason: StopReason | null = null;
  let message: string | undefined;

  const progress = () =>
    opts.onProgress?.({ evaluated: records.length, budget: budget.evaluations, inFlight: running.size, failed, elapsedMs: Date.now() - started });

  const finish = (p: Proposal, result: EvaluationResult, startedAt: number) => {
    const record: CandidateRecord = {
      index: records.length,
      key: p.key,
      encoding: [...p.arch.encoding],
      status: result.status,
      metrics: result.metrics ?? {},
      startedAt,
      durationMs: Date.now() - startedAt,
    };
    if (result.error !== undefined) record.error = result.error;
    if (result.backend !== undefined) record.backend = result.backend;
    if (result.details !== undefined) record.details = result.details;
    if (space.analyse?.(p.arch).degenerate) record.degenerate = true;
    record.feasible = result.status === 'ok' && constraintViolation(record.metrics, opts.constraints) === 0;
    if (result.status !== 'ok') failed++;
    strategy.observe(record);
    record.strategyState = strategy.snapshot();
    records.push(record);
    opts.sink?.append(record);
    opts.onCandidate?.(record);
    progress();
  };

  const launch = (p: Proposal) => {
    const startedAt = Date.now();
    const task = (async () => {
      let result: EvaluationResult;
      try {
        const graph = opts.includeGraph ? space.decode(p.arch) : undefined;
        result = await estimator.evaluate({ key: p.key, encoding: [...p.arch.encoding], graph }, signal);
        if (!result || typeof result !== 'object' || !['ok', 'failed', 'rejected'].includes(result.status)) {
          result = { status: 'failed', metrics: {}, error: `estimator ${estimator.name} returned a malformed result` };
        }
      } catch (err) {
        // An evaluation cut short by cancellation was never finished: it is not recorded, so a
        // resumed run evaluates it again.
        if (signal?.aborted) return;
        result = { status: 'failed', metrics: {}, error: err instanceof Error ? err.message : String(err) };
      }
      result = withoutNonFiniteMetrics(result, estimator.name);
      if (signal?.aborted && result.status !== 'ok') return;
      finish(p, result, startedAt);
    })().finally(() => running.delete(p.key));
    running.set(p.key, task);
  };

  const aborted = new Promise<void>((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

  progress();
  for (;;) {
    if (signal?.aborted) { stopReason = 'aborted'; break; }
    if (Date.now() >= deadline) { stopReason = 'time'; break; }
    const room = Math.min(concurrency - running.size, budget.evaluations - records.length - running.size);
    if (room <= 0 && running.size === 0) { stopReason = 'budget'; break; }
    if (room > 0) {
      for (const p of strategy.propose(room)) launch(p);
    }
    if (running.size === 0) {
      stopReason = 'exhausted';
      message = strategy.exhausted() ?? `strategy ${strategy.name} proposed no candidate`;
      break;
    }
    const waits: Promise<unknown>[] = [...running.values(), aborted];
    let timer: NodeJS.Timeout | undefined;
    if (deadline !== Infinity) waits.push(new Promise((r) => (timer = setTimeout(r, Math.max(0, deadline - Date.now())))));
    await Promise.race(waits);
    if (timer) clearTimeout(timer);
  }
  await Promise.allSettled([...running.values()]);
  progress();
  return { records, stopReason, message };
}

/**
 * A metric of NaN or +-Infinity is a failed measurement, and JSON (the run log, the worker's
 * messages) would turn it into null, which readers reject: such metrics are left out and an ok
 * candidate becomes failed, with the metrics named, so nothing is silently lost.
 */
export function withoutNonFiniteMetrics(result: EvaluationResult, estimatorName: string): EvaluationResult {
  const metrics = result.metrics ?? {};
  const bad = Object.keys(metrics).filter((k) => !Number.isFinite(metrics[k]));
  if (bad.length === 0) return result;
  const kept = Object.fromEntries(Object.entries(metrics).filter(([k]) => !bad.includes(k)));
  const what = `estimator ${estimatorName} returned ${bad.map((k) => `${k} = ${String(metrics[k])}`).join(', ')}`;
  if (result.status !== 'ok') return { ...result, metrics: kept, error: result.error ? `${result.error}; ${what}` : what };
  return { ...result, status: 'failed', metrics: kept, error: what };
}
