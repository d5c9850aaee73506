// Cheap metrics: what a strategy may compute for any number of candidates before it chooses which
// to evaluate (zero-cost scores, a table of them, analytic costs). One or more estimators named
// with --cheap; each candidate's metrics are the union of theirs (a later one wins a clash), and
// a candidate none of them could score has none (null).

import type { Metrics } from '../run/types';
import type { SearchSpace } from '../space/searchSpace';
import type { Architecture } from '../space/types';
import type { Estimator } from './types';

/** One line of a run's cheap.jsonl: a candidate scored by the cheap estimators, not evaluated. */
export interface CheapRecord {
  key: string;
  encoding: number[];
  metrics: Metrics | null;
  /** Candidates evaluated when it was scored (how benchmarks count cheap work against evaluations). */
  evaluated: number;
}

export interface CheapEvaluator {
  /** Every metric name the cheap estimators can produce. */
  metricNames(): string[];
  score(candidates: readonly { key: string; arch: Architecture }[]): Promise<(Metrics | null)[]>;
}

export function cheapEvaluator(space: SearchSpace, estimators: readonly Estimator[]): CheapEvaluator {
  return {
    metricNames: () => [...new Set(estimators.flatMap((e) => e.metricNames()))],
    async score(candidates) {
      const out: (Metrics | null)[] = [];
      for (const c of candidates) {
        let metrics: Metrics | null = null;
        for (const e of estimators) {
          const graph = e.needsGraph ? space.decode(c.arch) : undefined;
          const r = await e.evaluate({ key: c.key, encoding: [...c.arch.encoding], graph });
          if (r.status === 'ok') metrics = { ...(metrics ?? {}), ...r.metrics };
        }
        out.push(metrics);
      }
      return out;
    },
  };
}
