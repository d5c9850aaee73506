// The search loop: asks the strategy for candidates, hands them to an evaluator pool, keeping
// up to the pool's concurrency in flight, records every result (failed ones too) as it comes
// back, and stops on the evaluation budget, the wall-clock budget, cancellation, or an exhausted
// space. Nothing evaluated is lost: each record is handed to the sink as soon as it exists.
//
// Results are taken one at a time and the pool is refilled after each, so what the strategy is
// asked depends only on the order of the results, not on when they arrive. Each record lists the
// candidates still in flight, so a resumed run re-issues exactly those (see core/run/resume.ts).

import type { CheapEvaluator, CheapRecord } from '../estimate/cheap';
import { evaluationId } from '../estimate/fidelity';
import type { EvaluationProgress, EvaluationResult } from '../estimate/types';
import type { EvaluatorPool, PoolOutcome } from '../pool/evaluatorPool';
import type { PredictedRecord } from '../run/predictedLog';
import type { CandidateRecord, StopReason } from '../run/types';
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

/** The loop's own counts (the runtime reports its SearchProgress from them). */
export interface LoopProgress {
  evaluated: number;
  budget: number;
  inFlight: number;
  failed: number;
  elapsedMs: number;
}

export interface SearchOutcome {
  /** Every record of the run, `previous` included, in index order. */
  records: CandidateRecord[];
  stoppedBy: StopReason;
  /** Candidates scored by the cheap estimators in this session (not evaluations). */
  cheapScored: number;
  /** For 'exhausted': the strategy's explanation; for 'failing': the failure. */
  message?: string;
}

export interface SearchLoopOptions {
  space: SearchSpace;
  strategy: Strategy;
  /** Evaluates the candidates; its concurrency is how many run at once (with 1 a run is deterministic for a given seed). */
  pool: EvaluatorPool;
  objectives: readonly Objective[];
  constraints: readonly Constraint[];
  budget: SearchBudget;
  signal?: AbortSignal;
  sink?: CandidateSink;
  /** Records of an interrupted run being resumed; the strategy must already be restored from them. */
  previous?: readonly CandidateRecord[];
  /** Candidates in flight when the resumed run stopped (its last record's inFlight): submitted before anything new is proposed. */
  inFlight?: readonly Proposal[];
  /** Decode each candidate's graph into the request (estimators that build or cost the model need it). */
  includeGraph?: boolean;
  onCandidate?(record: CandidateRecord): void;
  /** Scores the candidates a strategy asks about (cheapWanted) before it proposes; not counted as evaluations. */
  cheap?: CheapEvaluator;
  /** Where cheap scores go as they are produced (the RunStore's cheap.jsonl). */
  cheapSink?: { appendCheap(record: CheapRecord): void };
  /** What the strategy's predictor said about candidates it ranked, after each propose (see Strategy.takePredicted). */
  onPredicted?(records: PredictedRecord[]): void;
  onProgress?(progress: LoopProgress): void;
  /** How far a running evaluation has got, when the pool can tell (see EvaluatorPool.onProgress). */
  onEvaluationProgress?(key: string, progress: EvaluationProgress): void;
}

interface Unrecorded {
  proposal: Proposal;
  startedAt: number;
  /** False once its outcome came back without a record (cancelled): listed as in flight, not waited for. */
  awaiting: boolean;
}

export async function runSearchLoop(opts: SearchLoopOptions): Promise<SearchOutcome> {
  const { space, strategy, pool, budget, signal } = opts;
  const records: CandidateRecord[] = [...(opts.previous ?? [])];
  const started = Date.now();
  const deadline = budget.seconds !== undefined ? started + budget.seconds * 1000 : Infinity;
  let failed = records.filter((r) => r.status !== 'ok').length;
  /** Proposed and not recorded, by request id (the key, or key@level with a fidelity), in the order proposed. */
  const unrecorded = new Map<string, Unrecorded>();
  let awaiting = 0;
  const reissue = [...(opts.inFlight ?? [])];
  /** Outcomes decided here rather than by the pool (a graph that does not decode). */
  const decidedHere: PoolOutcome[] = [];
  let stoppedBy: StopReason | null = null;
  let message: string | undefined;
  const streak = new FailureStreak();

  const progress = () =>
    opts.onProgress?.({ evaluated: records.length, budget: budget.evaluations, inFlight: awaiting, failed, elapsedMs: Date.now() - started });

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
    if (p.fidelity) record.fidelity = p.fidelity;
    record.feasible = result.status === 'ok' && constraintViolation(record.metrics, opts.constraints) === 0;
    if (result.status !== 'ok') failed++;
    strategy.observe(record);
    record.strategyState = strategy.snapshot();
    if (unrecorded.size > 0) record.inFlight = [...unrecorded.values()].map(({ proposal }) => ({ key: proposal.key, encoding: [...proposal.arch.encoding], ...(proposal.fidelity ? { fidelity: proposal.fidelity } : {}) }));
    streak.add(record);
    records.push(record);
    opts.sink?.append(record);
    opts.onCandidate?.(record);
    progress();
  };

  const submit = (p: Proposal) => {
    const id = evaluationId(p.key, p.fidelity);
    unrecorded.set(id, { proposal: p, startedAt: Date.now(), awaiting: true });
    awaiting++;
    let graph;
    try {
      graph = opts.includeGraph ? space.decode(p.arch) : undefined;
    } catch (err) {
      decidedHere.push({ id, result: { status: 'failed', metrics: {}, error: err instanceof Error ? err.message : String(err) } });
      return;
    }
    pool.submit({ id, key: p.key, encoding: [...p.arch.encoding], graph, ...(p.fidelity ? { fidelity: p.fidelity } : {}) });
  };

  const settle = (outcome: PoolOutcome) => {
    const entry = unrecorded.get(outcome.id);
    // A second delivery, or an outcome for a request that is not this run's: nothing to record.
    if (!entry?.awaiting) return;
    entry.awaiting = false;
    awaiting--;
    // An evaluation cut short by cancellation was never finished: it is not recorded (and stays
    // listed in flight), so a resumed run evaluates it again.
    if ('cancelled' in outcome) return;
    const result = checkedResult(outcome.result, pool.estimatorName);
    if (signal?.aborted && result.status !== 'ok') return;
    unrecorded.delete(outcome.id);
    finish(entry.proposal, result, entry.startedAt);
  };

  const aborted = new Promise<void>((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  // The pool's next outcome, kept across wake-ups (abort, deadline) so none is dropped.
  let pending: Promise<PoolOutcome> | undefined;
  /** The next outcome, or undefined when woken by cancellation (if `wakeOnAbort`) or the deadline. */
  const nextOutcome = async (wakeOnAbort: boolean, until: number): Promise<PoolOutcome | undefined> => {
    const ready = decidedHere.shift();
    if (ready) return ready;
    pending ??= pool.next();
    const waits: Promise<PoolOutcome | undefined>[] = [pending];
    if (wakeOnAbort) waits.push(aborted.then(() => undefined));
    let timer: NodeJS.Timeout | undefined;
    if (until !== Infinity) waits.push(new Promise((r) => (timer = setTimeout(() => r(undefined), Math.max(0, until - Date.now())))));
    const outcome = await Promise.race(waits);
    if (timer) clearTimeout(timer);
    if (outcome) pending = undefined;
    return outcome;
  };

  const onEvaluationProgress = opts.onEvaluationProgress;
  // Only for evaluations still awaited: a late report of one already settled is stale.
  if (onEvaluationProgress) pool.onProgress?.((id, p) => unrecorded.get(id)?.awaiting && onEvaluationProgress(id, p));
  let cheapScored = 0;
  /** Answers the strategy's questions about cheap metrics until it has none. */
  const scoreCheap = async () => {
    if (!opts.cheap || !strategy.cheapWanted || !strategy.observeCheap) return;
    for (let wanted = strategy.cheapWanted(); wanted.length > 0; wanted = strategy.cheapWanted()) {
      const metrics = await opts.cheap.score(wanted);
      wanted.forEach((p, i) => {
        strategy.observeCheap!(p.key, metrics[i]);
        opts.cheapSink?.appendCheap({ key: p.key, encoding: [...p.arch.encoding], metrics: metrics[i], evaluated: records.length });
      });
      cheapScored += wanted.length;
    }
  };

  progress();
  for (;;) {
    if (signal?.aborted) { stoppedBy = 'cancelled'; break; }
    if (Date.now() >= deadline) { stoppedBy = 'time'; break; }
    if (streak.length >= SAME_FAILURE_LIMIT) {
      stoppedBy = 'failing';
      message = `stopped: the last ${streak.length} candidates failed the same way: ${streak.error}`;
      break;
    }
    const room = Math.min(pool.concurrency - awaiting, budget.evaluations - records.length - awaiting);
    if (room <= 0 && awaiting === 0) { stoppedBy = 'budget'; break; }
    if (room > 0) {
      const again = reissue.splice(0, room);
      for (const p of again) submit(p);
      if (room > again.length) {
        await scoreCheap();
        for (const p of strategy.propose(room - again.length)) submit(p);
        const predicted = strategy.takePredicted?.() ?? [];
        if (predicted.length > 0) opts.onPredicted?.(predicted);
      }
    }
    if (awaiting === 0) {
      stoppedBy = 'exhausted';
      message = strategy.exhausted() ?? `strategy ${strategy.name} proposed no candidate`;
      break;
    }
    const outcome = await nextOutcome(true, deadline);
    if (outcome) settle(outcome);
  }
  // Running evaluations finish (or, after cancellation, are asked to stop) and are recorded.
  let cancelled = false;
  while (awaiting > 0) {
    if (signal?.aborted && !cancelled) {
      cancelled = true;
      for (const [id, u] of unrecorded) if (u.awaiting) pool.cancel(id);
    }
    const outcome = await nextOutcome(!cancelled, Infinity);
    if (outcome) settle(outcome);
  }
  progress();
  return { records, stoppedBy, message, cheapScored };
}

/** Candidates in a row failing the same way that stop a search: a cause none of them can avoid. */
export const SAME_FAILURE_LIMIT = 5;

/**
 * The current run of failures that are "the same": equal error text once numbers and quoted
 * parts (keys, values, file names that vary per candidate) are blanked. A candidate that is
 * scored, rejected or fails otherwise starts it over.
 */
class FailureStreak {
  length = 0;
  error = '';
  private signature = '';

  add(record: CandidateRecord): void {
    const signature = record.status === 'failed' && record.error ? failureSignature(record.error) : '';
    if (signature && signature === this.signature) this.length++;
    else this.length = signature ? 1 : 0;
    this.signature = signature;
    this.error = record.error ?? '';
  }
}

export function failureSignature(error: string): string {
  return error.replace(/'[^']*'|"[^"]*"/g, '_').replace(/\d+(\.\d+)?(e[+-]?\d+)?/gi, '#');
}

/** A result from any pool (perhaps another machine): a malformed one fails the candidate, non-finite metrics too. */
function checkedResult(result: EvaluationResult, estimatorName: string): EvaluationResult {
  if (!result || typeof result !== 'object' || !['ok', 'failed', 'rejected'].includes(result.status)) {
    return { status: 'failed', metrics: {}, error: `estimator ${estimatorName} returned a malformed result` };
  }
  return withoutNonFiniteMetrics(result, estimatorName);
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
