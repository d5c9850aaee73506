// `--estimator zc[:<proxy>+...]`: scores each candidate by zero-cost proxies of its untrained
// network (./proxies.ts) on one seeded mini-batch, and with two or more members by their
// label-free ensemble: the candidate's mean percentile among a seeded reference sample of the
// space, scored once on first use (core/estimate/ranks.ts percentileAgainst).
import * as tf from '@tensorflow/tfjs';
import { ZC_PROXIES, type ZcChoice, type ZcMember, type ZcProxy, type ZcSettings } from '../../core/estimate/estimators/zeroCost';
import { percentileAgainst } from '../../core/estimate/ranks';
import type { EvaluationRequest, EvaluationResult, Estimator } from '../../core/estimate/types';
import { Rng } from '../../core/rng';
import type { SearchSpace } from '../../core/space/searchSpace';
import type { ArchitectureGraph } from '../../core/space/types';
import { flopsOf } from '../../hardware/costModel';
import { dataMismatch } from '../proxyEstimator';
import type { TensorData } from '../trainCandidate';
import { loadProxyBatch, scoreGraph } from './proxies';

export class ZeroCostEstimator implements Estimator {
  readonly name = 'zc';
  readonly needsGraph = true;
  private batch?: TensorData;
  /** reference[m][i]: ensemble member m's score of reference architecture i. */
  private reference?: number[][];

  /** `space` is needed by an ensemble (its reference sample); `batch` replaces the dataset named in the settings. */
  constructor(
    readonly settings: ZcSettings,
    readonly choice: ZcChoice,
    private readonly space?: SearchSpace,
    batch?: TensorData,
  ) {
    if (choice.ensemble && !space) throw new Error('estimator zc: the ensemble ranks candidates against a sample of the search space, and no space was given');
    this.batch = batch;
  }

  metricNames(): string[] {
    return [...this.choice.proxies, ...(this.choice.ensemble ? ['zc'] : [])];
  }

  private data(): TensorData | undefined {
    if (this.choice.proxies.every((p) => p === 'synflow')) return undefined;
    this.batch ??= loadProxyBatch(this.settings);
    return this.batch;
  }

  /** The scores of the graph by `proxies`, and params / flops from the graph when `members` has them. */
  private membersOf(graph: ArchitectureGraph, proxies: readonly ZcProxy[], members: readonly ZcMember[]): Record<string, number> {
    const scores: Record<string, number> = proxies.length ? { ...scoreGraph(graph, proxies, this.data(), this.settings.seed) } : {};
    if (members.includes('params')) scores.params = graph.params;
    if (members.includes('flops')) scores.flops = flopsOf(graph.macs);
    return scores;
  }

  private referenceScores(members: readonly ZcMember[]): number[][] {
    if (!this.reference) {
      const rng = new Rng(this.settings.seed);
      const keys = new Set<string>();
      const rows: Record<string, number>[] = [];
      for (let tries = 0; rows.length < this.settings.reference && tries < this.settings.reference * 20; tries++) {
        const arch = this.space!.sample(rng);
        const key = this.space!.key(arch);
        if (keys.has(key)) continue;
        keys.add(key);
        rows.push(this.membersOf(this.space!.decode(arch), ZC_PROXIES.filter((p) => members.includes(p)), members));
      }
      this.reference = members.map((m) => rows.map((r) => r[m]));
    }
    return this.reference;
  }

  async evaluate(request: EvaluationRequest): Promise<EvaluationResult> {
    const backend = tf.getBackend();
    const graph = request.graph;
    if (!graph) return { status: 'failed', metrics: {}, error: 'the zc estimator needs the decoded architecture graph', backend };
    const batch = this.data();
    const mismatch = batch && dataMismatch(graph, batch, 1);
    if (mismatch) return { status: 'failed', metrics: {}, error: mismatch, backend };
    const members = this.choice.ensemble ?? [];
    const scores = this.membersOf(graph, this.choice.proxies, members);
    const metrics: Record<string, number> = Object.fromEntries(this.choice.proxies.map((p) => [p, scores[p]]));
    if (this.choice.ensemble) metrics.zc = percentileAgainst(this.referenceScores(members), members.map((m) => scores[m]));
    // A network whose output does not depend on its input (a cell of `none` edges) has synflow
    // ln 0 and a singular kernel: no score to record.
    const broken = Object.entries(metrics).filter(([, v]) => !Number.isFinite(v));
    if (broken.length) {
      return { status: 'failed', metrics: Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v))), error: `zero-cost ${broken.map(([k, v]) => `${k} is ${v}`).join(', ')} (the output may not depend on the input)`, backend };
    }
    return { status: 'ok', metrics, backend };
  }

  async dispose(): Promise<void> {
    if (this.batch) tf.dispose([this.batch.x, this.batch.y]);
    this.batch = undefined;
  }
}

