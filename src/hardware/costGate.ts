// Analytic cost from the decoded graph (the catalog's analytic metrics: params, flops, memory)
// and the predicted latency on each device the run names (`latency_ms@<device>`) are known
// without evaluating a candidate. A candidate whose cost already breaks a constraint is rejected
// before the (expensive) estimator runs; the others get these metrics too when their estimator
// lacks them (a benchmark table, say), so constraints and objectives on them work with any
// estimator. A prediction the device's profile can only make in part is not a number: the metric
// is left out (with the reason in `details.latencyPartial`) and a constraint on it rejects.
import type { Estimator, EvaluationRequest, EvaluationResult, ProgressListener } from '../core/estimate/types';
import { ANALYTIC_METRIC_NAMES as ANALYTIC } from '../core/estimate/catalog';
import { constraintViolation, formatConstraint, type Constraint, type Objective } from '../core/search/objectives';
import type { ArchitectureGraph } from '../core/space/types';
import { analyticMetrics } from './costModel';
import type { DeviceLatency } from './deviceLatency';

/**
 * `inner` behind the gate. Candidates get decoded (a cost per candidate) when `inner` needs the
 * graph, when an objective or constraint is an analytic metric, or when the run names devices.
 */
export function withCostGate(inner: Estimator, objectives: readonly Objective[], constraints: readonly Constraint[], devices: readonly DeviceLatency[] = []): Estimator {
  const own = [...ANALYTIC, ...devices.map((d) => d.metric)];
  const gates = constraints.filter((c) => own.includes(c.metric));
  return {
    name: inner.name,
    needsGraph: inner.needsGraph || devices.length > 0 || [...objectives, ...constraints].some((x) => ANALYTIC.includes(x.metric)),
    metricNames: () => [...new Set([...inner.metricNames(), ...own])],
    metricNotes: inner.metricNotes && (() => inner.metricNotes!()),
    dispose: inner.dispose && (() => inner.dispose!()),
    async evaluate(request: EvaluationRequest, signal?: AbortSignal, onProgress?: ProgressListener): Promise<EvaluationResult> {
      const graph = request.graph;
      if (!graph) return inner.evaluate(request, signal, onProgress);
      const { cost, partial } = await costOf(graph, request.key, devices);
      const details = Object.keys(partial).length ? { latencyPartial: partial } : undefined;
      const broken = gates.filter((c) => constraintViolation(cost, [c]) > 0);
      if (broken.length) {
        const why = broken.map((c) => (c.metric in cost ? `${c.metric} ${cost[c.metric]}` : `${c.metric} unknown: ${partial[c.metric] ?? 'not predicted'}`));
        return { status: 'rejected', metrics: cost, error: `breaks ${broken.map(formatConstraint).join(', ')} (${why.join(', ')}); not evaluated`, ...(details ? { details } : {}) };
      }
      const result = await inner.evaluate(request, signal, onProgress);
      const merged = details || result.details ? { details: { ...result.details, ...details } } : {};
      return { ...result, metrics: { ...cost, ...result.metrics }, ...merged };
    },
  };
}

async function costOf(graph: ArchitectureGraph, key: string, devices: readonly DeviceLatency[]): Promise<{ cost: Record<string, number>; partial: Record<string, string> }> {
  const cost: Record<string, number> = analyticMetrics(graph);
  const partial: Record<string, string> = {};
  for (const d of devices) {
    await d.ensure?.(graph, key);
    const p = d.predict(graph, key);
    if (p.partial) partial[d.metric] = `the profile of ${d.device} lacks ${p.missing.length} operator${p.missing.length > 1 ? 's' : ''} of this candidate (e.g. ${p.missing[0]}); profile the device on this space`;
    else cost[d.metric] = p.ms;
  }
  return { cost, partial };
}
