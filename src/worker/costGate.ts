// Rejects a candidate before the (expensive) estimator runs when its analytic cost already
// breaks a constraint: `params` and `flops` are known from the decoded graph alone.
import type { Estimator, EvaluationRequest, EvaluationResult } from '../core/estimate/types';
import { constraintViolation, formatConstraint, type Constraint } from '../core/search/objectives';

const ANALYTIC = new Set(['params', 'flops']);

export function withCostGate(inner: Estimator, constraints: readonly Constraint[]): Estimator {
  const gates = constraints.filter((c) => ANALYTIC.has(c.metric));
  if (gates.length === 0) return inner;
  return {
    name: inner.name,
    metricNames: () => [...new Set([...inner.metricNames(), ...ANALYTIC])],
    dispose: inner.dispose && (() => inner.dispose!()),
    async evaluate(request: EvaluationRequest, signal?: AbortSignal): Promise<EvaluationResult> {
      const graph = request.graph;
      if (graph) {
        const metrics = { params: graph.params, flops: 2 * graph.macs };
        const broken = gates.filter((c) => constraintViolation(metrics, [c]) > 0);
        if (broken.length) {
          return { status: 'rejected', metrics, error: `breaks ${broken.map(formatConstraint).join(', ')} (params ${metrics.params}, flops ${metrics.flops}); not trained` };
        }
      }
      return inner.evaluate(request, signal);
    },
  };
}
