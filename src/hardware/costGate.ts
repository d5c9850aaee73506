// Analytic cost from the decoded graph: `params`, `flops` and `activation_kb` (peak activation
// memory of batch-1 inference, float32, KiB) are known without evaluating a candidate. A candidate whose analytic cost already breaks a constraint is rejected before the
// (expensive) estimator runs; the others get these metrics too when their estimator lacks them
// (a benchmark table, say), so constraints and objectives on them work with any estimator.
import type { Estimator, EvaluationRequest, EvaluationResult, ProgressListener } from '../core/estimate/types';
import { ANALYTIC_METRIC_NAMES as ANALYTIC } from '../core/estimate/catalog';
import { constraintViolation, formatConstraint, type Constraint, type Objective } from '../core/search/objectives';
import { analyticMetrics } from './costModel';

/**
 * `inner` behind the gate. Candidates get decoded (a cost per candidate) when `inner` needs the
 * graph or when an objective or constraint is an analytic metric; otherwise the gate stays out.
 */
export function withCostGate(inner: Estimator, objectives: readonly Objective[], constraints: readonly Constraint[]): Estimator {
  const gates = constraints.filter((c) => ANALYTIC.includes(c.metric));
  return {
    name: inner.name,
    needsGraph: inner.needsGraph || [...objectives, ...constraints].some((x) => ANALYTIC.includes(x.metric)),
    metricNames: () => [...new Set([...inner.metricNames(), ...ANALYTIC])],
    dispose: inner.dispose && (() => inner.dispose!()),
    async evaluate(request: EvaluationRequest, signal?: AbortSignal, onProgress?: ProgressListener): Promise<EvaluationResult> {
      const graph = request.graph;
      if (!graph) return inner.evaluate(request, signal, onProgress);
      const cost = analyticMetrics(graph);
      const broken = gates.filter((c) => constraintViolation(cost, [c]) > 0);
      if (broken.length) {
        return { status: 'rejected', metrics: cost, error: `breaks ${broken.map(formatConstraint).join(', ')} (${broken.map((c) => `${c.metric} ${cost[c.metric as keyof typeof cost]}`).join(', ')}); not evaluated` };
      }
      const result = await inner.evaluate(request, signal, onProgress);
      return { ...result, metrics: { ...cost, ...result.metrics } };
    },
  };
}
