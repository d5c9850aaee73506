// The multi-objective half of the NAS-Bench-201 benchmark (max:c10_valid, min:edgegpu_lat): how
// many of the true Pareto-optimal architectures a search evaluated, and the hypervolume ratio of
// its front against the true front. Shared by main.ts and the quicker mo.ts.

import type { CheapEvaluator } from '../../src/core/estimate/cheap';
import type { TabularEstimator } from '../../src/core/estimate/tabular';
import { hypervolume } from '../../src/core/search/hypervolume';
import { runSearchLoop } from '../../src/core/search/loop';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { parseObjective, toMinimisation } from '../../src/core/search/objectives';
import { paretoFront } from '../../src/core/search/pareto';
import { createStrategy } from '../../src/core/search/strategies/index';
import type { SearchSpace } from '../../src/core/space/searchSpace';

export const MO_OBJECTIVES = [parseObjective('max:c10_valid'), parseObjective('min:edgegpu_lat')];

export interface TrueFront {
  keys: ReadonlySet<string>;
  reference: number[];
  hypervolume: number;
}

export function trueFront(space: SearchSpace, table: TabularEstimator): TrueFront {
  const keys: string[] = [];
  const points: number[][] = [];
  for (const arch of space.enumerate()) {
    const key = space.key(arch);
    const m = table.lookup(key);
    if (!m) continue;
    keys.push(key);
    points.push(toMinimisation(m, MO_OBJECTIVES));
  }
  const front = paretoFront(points);
  const reference = [0, 1].map((k) => Math.max(...points.map((p) => p[k])));
  return { keys: new Set(front.map((i) => keys[i])), reference, hypervolume: hypervolume(front.map((i) => points[i]), reference) };
}

export interface MoResult {
  found: number[];
  ratio: number[];
  /** Wall time of each search alone (table lookups included, loading excluded). */
  ms: number[];
}

export async function measureMo(
  space: SearchSpace,
  table: TabularEstimator,
  truth: TrueFront,
  strategy: string,
  budget: number,
  seeds: number,
  options?: Record<string, number>,
  cheap?: CheapEvaluator,
): Promise<MoResult> {
  const out: MoResult = { found: [], ratio: [], ms: [] };
  for (let seed = 0; seed < seeds; seed++) {
    const t0 = performance.now();
    const s = createStrategy(strategy, { space, objectives: MO_OBJECTIVES, constraints: [], seed, budget, options, cheapMetrics: cheap?.metricNames() });
    const run = await runSearchLoop({ space, strategy: s, pool: new InProcessPool(table), objectives: MO_OBJECTIVES, constraints: [], budget: { evaluations: budget }, cheap });
    out.ms.push(performance.now() - t0);
    const ok = run.records.filter((r) => r.status === 'ok');
    out.found.push(ok.filter((r) => truth.keys.has(r.key)).length);
    const pts = ok.map((r) => toMinimisation(r.metrics, MO_OBJECTIVES));
    out.ratio.push(hypervolume(paretoFront(pts).map((i) => pts[i]), truth.reference) / truth.hypervolume);
  }
  return out;
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function meanStd(xs: readonly number[], digits = 2): string {
  const m = mean(xs);
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
  return `${m.toFixed(digits)} ± ${sd.toFixed(digits)}`;
}
