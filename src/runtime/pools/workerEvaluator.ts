// How `nas worker` evaluates a job: rebuild the space from the sources the job carries (refused
// unless they hash like the search's), build the estimator the job's settings name, behind the
// same cost gate as the search would put it, and evaluate. Estimators are kept per space and
// settings, so a worker serving one search builds (and, for the proxy, loads data) once. Each
// has a scratch folder in place of the run folder the worker does not have: the proxy keeps a
// candidate's scored weights there until they are handed back with its result (queueWeights.ts),
// and its multi-fidelity checkpoints.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveEstimatorFile } from '../../core/estimate/estimators/index';
import { scoredWeightsDir } from '../../core/run/runFolder';
import type { Estimator } from '../../core/estimate/types';
import { parseConstraint, parseObjective } from '../../core/search/objectives';
import type { SearchSettings } from '../../core/run/types';
import { withCostGate } from '../../hardware/costGate';
import { profileLatency } from '../../hardware/deviceLatency';
import { validateDeviceProfile } from '../../hardware/deviceProfile';
import { createEstimator } from '../estimators';
import { loadSpaceFile, type LoadedSpace } from '../spaceLoader';
import type { EvaluationJob, EvaluationSettings, JobResult, RanOn, SpaceSources } from './queueJob';
import { readWeightsFolder } from './queueWeights';

export interface WorkerConfig {
  /**
   * Where this machine keeps the search's files that are not built in: a table file or a proxy
   * dataset named by the job is looked up here by its file name. Absent: the job's path as is
   * (the same machine, or a shared file system).
   */
  dataDir?: string;
  log: (message: string) => void;
}

interface Prepared {
  estimator: Estimator;
  threads: number;
  /** The estimator's stand-in for a run folder, removed with it. */
  scratch: string;
}

/** A job's result, and the files of the weights it was scored with when the estimator kept them. */
export interface WorkerAnswer {
  result: JobResult;
  weights?: Record<string, Buffer>;
}

const KEPT = 4;
const BUILTIN_DATASETS = ['builtin', 'fashion-mnist'];

export class WorkerEvaluator {
  /** By space hash and settings; the oldest is released beyond KEPT. */
  private readonly prepared = new Map<string, Promise<Prepared>>();
  readonly host = os.hostname();
  readonly workerId = `${os.hostname()}:${process.pid}`;

  constructor(private readonly config: WorkerConfig) {}

  async evaluate(job: EvaluationJob, signal?: AbortSignal): Promise<WorkerAnswer> {
    checkJob(job);
    const { estimator, threads, scratch } = await this.prepare(job.space, job.settings);
    let result;
    try {
      result = await estimator.evaluate(job.request, signal);
    } catch (err) {
      // Like the in-process pool: the estimator's failure is the candidate's, not the worker's.
      result = { status: 'failed' as const, metrics: {}, error: err instanceof Error ? err.message : String(err) };
    }
    const ranOn: RanOn = { host: this.host, worker: this.workerId, backend: result.backend ?? estimator.name, threads };
    const answer: WorkerAnswer = { result: { ...result, details: { ...result.details, ranOn } } };
    const kept = scoredWeightsDir(scratch, job.request.key);
    if (result.status === 'ok') answer.weights = readWeightsFolder(kept);
    fs.rmSync(kept, { recursive: true, force: true });
    return answer;
  }

  async close(): Promise<void> {
    for (const key of [...this.prepared.keys()]) await this.release(key);
  }

  private prepare(space: SpaceSources, settings: EvaluationSettings): Promise<Prepared> {
    const key = `${space.hash}\0${JSON.stringify(settings)}`;
    let entry = this.prepared.get(key);
    if (!entry) {
      entry = this.build(space, settings);
      // A failed build is not kept: the next job tries again (the dataset may have arrived).
      entry.catch(() => this.prepared.delete(key));
      this.prepared.set(key, entry);
      if (this.prepared.size > KEPT) void this.release(this.prepared.keys().next().value!);
    }
    return entry;
  }

  private async release(key: string): Promise<void> {
    const entry = this.prepared.get(key);
    this.prepared.delete(key);
    const p = await entry?.catch(() => undefined);
    await p?.estimator.dispose?.();
    if (p) fs.rmSync(p.scratch, { recursive: true, force: true });
  }

  private async build(space: SpaceSources, settings: EvaluationSettings): Promise<Prepared> {
    // The space is needed for its hash and training defaults only: the job carries the graph.
    const loaded = await materialiseSpace(space);
    const trainDefaults = loaded.space.definition.train;
    loaded.release();
    const full: SearchSettings = { strategy: 'random', budget: 1, ...this.localised(settings) };
    const created = await createEstimator(full, process.cwd(), trainDefaults, this.config.log);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-worker-run-'));
    created.estimator.useRunFolder?.(scratch);
    // The run's devices predict here from the profiles the job carries, as in the search process.
    const devices = (settings.deviceProfiles ?? []).map((p, i) => profileLatency(validateDeviceProfile(p, `the job's device profile ${i + 1}`)));
    const estimator = withCostGate(created.estimator, settings.objectives.map(parseObjective), settings.constraints.map(parseConstraint), devices);
    let threads = 1;
    if (created.estimator.name !== 'table') {
      const { selectBackend } = await import('../../train/backend.js');
      threads = (await selectBackend()).threads;
    }
    return { estimator, threads, scratch };
  }

  /** The job's file paths as this machine has them (see WorkerConfig.dataDir). */
  private localised(settings: EvaluationSettings): EvaluationSettings {
    const { dataDir } = this.config;
    if (!dataDir) return settings;
    const here = (file: string) => path.join(path.resolve(dataDir), path.basename(file));
    const dataset = settings.estimatorOptions?.dataset;
    return {
      ...settings,
      estimator: resolveEstimatorFile(settings.estimator, here),
      ...(typeof dataset === 'string' && !BUILTIN_DATASETS.includes(dataset) ? { estimatorOptions: { ...settings.estimatorOptions, dataset: here(dataset) } } : {}),
    };
  }
}

/** Writes the sources into a fresh folder (their relative layout kept), loads the space there and checks its hash. */
async function materialiseSpace(space: SpaceSources): Promise<LoadedSpace> {
  const ups = Math.max(0, ...space.files.map((f) => f.path.split(/[\\/]/).filter((p) => p === '..').length));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-worker-space-'));
  try {
    // Files above the space file's folder need folders above it inside root.
    const base = path.join(root, ...Array<string>(ups).fill('up'));
    for (const f of space.files) {
      const target = path.resolve(base, f.path);
      if (path.isAbsolute(f.path) || !target.startsWith(root + path.sep)) throw new Error(`job's space file '${f.path}' is outside its folder`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.content);
    }
    const loaded = await loadSpaceFile(path.join(base, space.fileName));
    if (loaded.hash !== space.hash) {
      loaded.release();
      throw new Error(`the job's space file ${space.fileName} does not match its hash (sent ${space.hash.slice(0, 12)}, rebuilt ${loaded.hash.slice(0, 12)})`);
    }
    return loaded;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function checkJob(job: EvaluationJob): void {
  const ok =
    job && typeof job === 'object' && typeof job.runId === 'string' && job.request && typeof job.request.key === 'string' && Array.isArray(job.request.encoding) &&
    job.settings && typeof job.settings.estimator === 'string' && Array.isArray(job.settings.objectives) && Array.isArray(job.settings.constraints) &&
    job.space && typeof job.space.fileName === 'string' && typeof job.space.hash === 'string' && Array.isArray(job.space.files);
  if (!ok) throw new Error('malformed job: expected {runId, request, settings, space} from nas search --queue');
}
