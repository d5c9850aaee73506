// `--estimator proxy`: scores a candidate by training it briefly on (a subset of) the dataset,
// then measures its batch-1 latency once training is over. Settings come from the command line
// (--train K=V) and the space file's `train` defaults (./proxySettings.ts). With repeats, the
// candidate's trainings under successive seeds run at the same time, here and on training threads
// (./trainingThreads.ts), and the scores are their means.
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { PROXY_METRICS } from '../core/estimate/estimators/proxy';
import type { EvaluationRequest, EvaluationResult, Estimator, ProgressListener } from '../core/estimate/types';
import type { ArchitectureGraph } from '../core/space/types';
import { flopsOf } from '../hardware/costModel';
import { asBackendName, type BackendName } from './backend';
import { CheckpointStore, type Checkpoint } from './checkpoints';
import { DatasetError } from './data/dataset';
import { loadDataset, type DatasetSplits } from './data/loadDataset';
import { measureLatency } from './latency';
import { onCpuClock } from './onCpuClock';
import { whileMeasuring } from './measurementLock';
import { buildModel, refuseIfTooLarge } from './modelBuilder';
import { DEFAULT_PROXY_SETTINGS, type ProxySettings } from './proxySettings';
import { CANCELLED, failedScore, toTensors, trainOnce, type Continuation, type TensorData, type TrainedRun, type TrainingScore, type TrainingStep } from './trainCandidate';
import { keepScoredWeights } from './scoredWeights';
import { TrainingThreads } from './trainingThreads';

export class ProxyEstimator implements Estimator {
  readonly name = 'proxy';
  readonly needsGraph = true;
  /** The data as tensors, and as arrays too while training threads may need a copy. */
  private loaded?: { splits?: DatasetSplits; file?: string; train: TensorData; validation: TensorData };
  private threads?: TrainingThreads;
  /** Weights and optimizer state between fidelity levels (epochs), for promoted candidates to continue from. */
  private readonly checkpoints = new CheckpointStore();
  /** The run folder, where each candidate's seed-0 weights are kept (settings.keepWeights). */
  private runDir?: string;

  /** `data` replaces the dataset named in the settings (tests, callers that already hold data); it must already be down-scaled and subset. */
  constructor(
    readonly settings: ProxySettings = DEFAULT_PROXY_SETTINGS,
    private readonly data?: DatasetSplits,
  ) {}

  /** The registry's catalog order; the spread over repeats only when there are repeats. */
  metricNames(): string[] {
    return PROXY_METRICS.map((m) => m.name).filter((name) => name !== 'val_acc_sd' || this.settings.repeats > 1);
  }

  /** `classes`: the space's, when known (a CSV label outside them then names its line). */
  private load(classes?: number): { splits?: DatasetSplits; file?: string; train: TensorData; validation: TensorData } {
    if (!this.loaded) {
      const s = this.settings;
      const splits = this.data ?? loadDataset({ source: s.dataset, seed: s.seed, trainSubset: s.subset, validationSubset: s.validationSubset, downscale: s.downscale, classes });
      this.loaded = { ...(this.parallelTrainings() > 1 ? { splits } : {}), file: splits.file ?? splits.source, train: toTensors(splits.train), validation: toTensors(splits.validation) };
    }
    return this.loaded;
  }

  /**
   * Loads the data now and throws a DatasetError naming its file when it cannot train the
   * space's architectures (input shape, classes), so a search stops before its first candidate
   * rather than failing every one.
   */
  checkData(input: { shape: readonly [number, number, number]; classes: number }): void {
    const data = this.load(input.classes);
    const problem = dataMismatch({ input: input.shape, classes: input.classes }, data.train, this.settings.downscale, 'the space');
    if (problem) throw new DatasetError(data.file ?? 'dataset', problem);
  }

  useRunFolder(dir: string): void {
    this.runDir = dir;
    this.checkpoints.useFolder(dir);
  }

  async evaluate(request: EvaluationRequest, signal?: AbortSignal, onProgress?: ProgressListener): Promise<EvaluationResult> {
    const backend = tf.getBackend();
    const graph = request.graph;
    if (!graph) return { status: 'failed', metrics: {}, error: 'the proxy estimator needs the decoded architecture graph', backend };
    const level = request.fidelity;
    if (level && (level.setting !== 'epochs' || !Number.isInteger(level.value) || level.value < 1)) {
      return { status: 'failed', metrics: {}, error: `the proxy estimator's fidelity is a whole number of epochs, got ${level.setting} ${level.value}`, backend };
    }
    // At a fidelity level, the run's epochs are the highest level: the schedule spans them and a
    // single training (no repeats) continues from the candidate's checkpoint at a lower level.
    const s = level ? { ...this.settings, epochs: level.value } : this.settings;
    const from: Checkpoint | undefined = level && s.repeats === 1 ? this.checkpoints.load(request.key, level.value) : undefined;
    const continuation: Continuation | undefined = level && {
      scheduleEpochs: this.settings.epochs,
      ...(from ? { from } : {}),
      ...(s.repeats === 1 && level.value < this.settings.epochs ? { keep: (model: tf.LayersModel) => this.checkpoints.save(request.key, level.value, model, model.optimizer) } : {}),
    };
    const cost = { params: graph.params, flops: flopsOf(graph.macs) };
    const tooLarge = refuseIfTooLarge(graph, s.memoryBudgetMb * 2 ** 20, s.batchSize);
    if (tooLarge) return { status: 'rejected', metrics: cost, error: tooLarge, backend };
    const data = this.load();
    const mismatch = dataMismatch(graph, data.train, s.downscale, 'the architecture');
    if (mismatch) return { status: 'failed', metrics: cost, error: mismatch, backend };

    if (signal?.aborted) return { status: 'failed', metrics: cost, error: CANCELLED, backend };

    // Repeat r trains with seed s.seed + r. Lanes take the next repeat until none is left or one
    // failed: this thread's lane, then one per training thread. This lane is started first and
    // takes repeat 0 before its first await, so the model kept for the latency measurement is
    // always the seed-s.seed one, trained here. A failed training stops the others at once
    // (`stop`), as a cancelled evaluation does.
    const scores: (TrainingScore | undefined)[] = new Array(s.repeats);
    let first: TrainedRun | undefined;
    let next = 0;
    const stop = new AbortController();
    const cancel = () => stop.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    const lane = async (trainRepeat: (settings: ProxySettings) => Promise<TrainingScore>) => {
      while (!stop.signal.aborted && next < s.repeats) {
        const r = next++;
        try {
          scores[r] = await trainRepeat({ ...s, seed: s.seed + r });
        } finally {
          if (!scores[r] || scores[r].failure) stop.abort();
        }
      }
    };
    const start = performance.now();
    // Progress comes from this thread's lane (the training threads report only their scores). With
    // `lanes` trainings at once, this lane trains about repeats / lanes of them: its share is the
    // fraction of the candidate done.
    let lanes = 1;
    let doneHere = 0;
    const here = async (settings: ProxySettings) => {
      const repeat = settings.seed - s.seed + 1;
      const share = Math.ceil(s.repeats / lanes);
      const onStep = onProgress && ((step: TrainingStep) => onProgress({ ...step, repeat, repeats: s.repeats, elapsedMs: performance.now() - start, fraction: Math.min(1, (doneHere + ((step.epoch - 1) * step.batches + step.batch) / (step.epochs * step.batches)) / share) }));
      const run = await trainOnce(graph, data, settings, stop.signal, settings.seed === s.seed ? continuation : continuation && { scheduleEpochs: continuation.scheduleEpochs }, onStep);
      doneHere++;
      if (settings.seed === s.seed) first = run;
      else run.dispose();
      return run;
    };
    const onThread = (settings: ProxySettings) => this.trainingThreads(asBackendName(backend)).train(graph, settings, stop.signal).catch((e: unknown) => failedScore(e instanceof Error ? e.message : String(e)));
    try {
      lanes = this.lanes(graph, backend);
      // Every lane ends before this candidate does (none goes on training for a result no one
      // reads); an exception thrown by one is rethrown after.
      const ended = await Promise.allSettled([lane(here), ...Array.from({ length: lanes - 1 }, () => lane(onThread))]);
      for (const e of ended) if (e.status === 'rejected') throw e.reason;
      const seconds = (performance.now() - start) / 1000;
      const runs = scores.filter((x): x is TrainingScore => x !== undefined);
      // The failure that stopped the others, not the stops it caused (unless the caller cancelled).
      const failures = scores.map((x, r) => ({ r, failure: x?.failure })).filter((x) => x.failure !== undefined);
      const cause = failures.find((x) => x.failure !== CANCELLED) ?? failures[0];
      if (cause) {
        const seed = s.repeats > 1 ? ` (training with seed ${s.seed + cause.r})` : '';
        return { status: 'failed', metrics: { ...cost, train_time_s: seconds }, error: cause.failure + seed, backend, details: { lossCurve: fourDigits(scores[cause.r]!.lossCurve) } };
      }
      const metrics: Record<string, number> = {
        ...cost,
        val_acc: mean(runs.map((x) => x.valAcc)),
        val_loss: mean(runs.map((x) => x.valLoss)),
        train_time_s: seconds,
        // Per training, so the figure does not depend on how many ran at once.
        samples_per_s: sum(runs.map((x) => x.samples)) / sum(runs.map((x) => x.seconds)),
      };
      if (s.repeats > 1) metrics.val_acc_sd = standardDeviation(runs.map((x) => x.valAcc));
      if (s.latency > 0) Object.assign(metrics, await latencyOf(graph, first!.model, s));
      const lossCurve = fourDigits(runs[0].lossCurve.map((_, i) => mean(runs.map((x) => x.lossCurve[i]))));
      const notKept = await this.keepWeights(request.key, first!, s, data.train.shape);
      return { status: 'ok', metrics, backend, details: { lossCurve, trainedParams: first!.model.countParams(), ...(lanes > 1 ? { parallelTrainings: lanes } : {}), ...(from ? { continuedFromEpoch: from.epochs } : {}), ...(notKept ? { weightsNotKept: notKept } : {}) } };
    } finally {
      signal?.removeEventListener('abort', cancel);
      first?.dispose();
      if (from) CheckpointStore.release(from);
      if (level && level.value >= this.settings.epochs) this.checkpoints.drop(request.key);
    }
  }

  /** Keeps the seed-0 training's weights in the run folder; a failure to write them is reported, not fatal to the candidate. */
  private async keepWeights(key: string, run: TrainedRun, s: ProxySettings, inputShape: number[]): Promise<string | undefined> {
    if (!this.runDir || s.keepWeights === 0) return undefined;
    try {
      await keepScoredWeights(this.runDir, run.model, { key, seed: s.seed, epochs: s.epochs, valAcc: run.valAcc, valLoss: run.valLoss, inputShape, settings: s });
      return undefined;
    } catch (e) {
      return `the trained weights were not kept: ${(e as Error).message}`;
    }
  }

  /**
   * Trainings of this candidate at once: parallelTrainings(), fewer if they would not fit in the
   * memory budget together. Each training thread also holds the dataset twice (arrays and tensors).
   */
  private lanes(graph: ArchitectureGraph, backend: string): number {
    const s = this.settings;
    const { train, validation } = this.load();
    const dataPerThread = 2 * 4 * (train.x.size + validation.x.size);
    let lanes = this.parallelTrainings(backend);
    while (lanes > 1 && refuseIfTooLarge(graph, (s.memoryBudgetMb * 2 ** 20 - (lanes - 1) * dataPerThread) / lanes, s.batchSize)) lanes--;
    return lanes;
  }

  /**
   * Trainings of one candidate at once, before the memory budget is considered: up to `threads`
   * (0: one per core), never more than the repeats. tfjs-node's backend already computes on every
   * core, so it trains one at a time.
   */
  parallelTrainings(backend: string = tf.getBackend()): number {
    return Math.min(this.settings.repeats, trainingsAtOnce(backend, this.settings.threads));
  }

  private trainingThreads(backend: BackendName): TrainingThreads {
    const { splits } = this.load();
    if (!splits) throw new Error('ProxyEstimator: training threads were asked for, but the settings allow one training at a time');
    this.threads ??= new TrainingThreads({ backend, train: splits.train, validation: splits.validation });
    return this.threads;
  }

  async dispose(): Promise<void> {
    this.checkpoints.dispose();
    await this.threads?.dispose();
    this.threads = undefined;
    if (this.loaded) tf.dispose([this.loaded.train.x, this.loaded.train.y, this.loaded.validation.x, this.loaded.validation.y]);
    this.loaded = undefined;
  }
}

/** Trainings the backend can run at once with the `threads` setting (0: one per core); tfjs-node: 1. */
export function trainingsAtOnce(backend: string, threads: number): number {
  return backend === 'tensorflow' ? 1 : threads > 0 ? threads : os.availableParallelism();
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
/** Plenty for a loss curve, and the run log stays small. */
const fourDigits = (xs: number[]) => xs.map((x) => Number(x.toPrecision(4)));
const standardDeviation = (xs: number[]) => Math.sqrt(sum(xs.map((x) => (x - mean(xs)) ** 2)) / (xs.length - 1));

/** Why data of `train`'s shape and classes cannot train `model` (`who` names it), or undefined (also the zero-cost proxies' check). */
export function dataMismatch(model: { input: readonly number[]; classes: number }, train: { shape: readonly number[]; classes: number }, downscale: number, who = 'the architecture'): string | undefined {
  if (model.classes !== train.classes) return `${who} has ${model.classes} classes, the dataset ${train.classes}`;
  const [h, w, c] = model.input;
  const want = [h / downscale, w / downscale, c];
  if (want.some((d, i) => d !== train.shape[i])) {
    return `${who}'s input [${model.input.join(', ')}]${downscale !== 1 ? ` down-scaled by ${downscale}` : ''} does not match the dataset's images [${train.shape.join(', ')}]`;
  }
  return undefined;
}

/** Latency of the candidate itself: the trained model when it has the candidate's exact shape, else a fresh full-size build. */
async function latencyOf(graph: ArchitectureGraph, trained: tf.LayersModel, s: ProxySettings): Promise<Record<string, number>> {
  const exact = s.downscale === 1 && s.widthMultiplier === 1;
  const model = exact ? trained : buildModel(graph, { seed: s.seed });
  try {
    // On the clock the local device profile times on, so latency_ms and latency_ms@local agree
    // and neither grows with other processes' load.
    const r = await whileMeasuring(() => measureLatency(model, graph.input, { clock: onCpuClock().clock }));
    return { latency_ms: r.medianMs, latency_iqr_ms: r.iqrMs };
  } finally {
    if (!exact) model.dispose();
  }
}
