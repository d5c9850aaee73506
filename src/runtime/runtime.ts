// The search runtime shared by the `nas` CLI and the extension's worker process: load the space,
// build estimator and strategy, run the loop into a run store (new or resumed), report events.
import { estimatorCatalog, parseEstimator } from '../core/estimate/estimators/index';
import { createStrategy } from '../core/search/strategies/index';
import { runSearchLoop } from '../core/search/loop';
import { InProcessPool } from '../core/pool/inProcessPool';
import { compareSingle, toEvaluated, type Evaluated } from '../core/search/evaluated';
import { parseConstraint, parseObjective, unknownMetrics } from '../core/search/objectives';
import { summarizeRun } from '../core/search/summary';
import { prepareResume } from '../core/run/resume';
import { RunStore } from '../core/run/store';
import type { CandidateRecord, SearchSettings } from '../core/run/types';
import { withCostGate } from '../hardware/costGate';
import { absoluteEstimatorSpec, createCheap, createEstimator } from './estimators';
import type { SearchEvents, SearchRequest, SearchSummary } from '../protocol/runtimeTypes';
import { loadSpaceFile, type LoadedSpace } from './spaceLoader';
import { TOOL_VERSION } from './version';

/** A request the runtime cannot start: bad settings, unknown metric, wrong run folder. One line. */
export class SearchSetupError extends Error {}

/** `preloaded`: req.spaceFile already loaded by the caller (the CLI reads its defaults first), so it is compiled once. */
export async function runSearch(req: SearchRequest, events: SearchEvents, signal: AbortSignal, preloaded?: LoadedSpace): Promise<SearchSummary> {
  const loaded = preloaded ?? (await loadSpaceFile(req.spaceFile));
  const { space } = loaded;

  // Everything is checked before a new run folder exists, so a bad request leaves nothing behind.
  // A resume holds the run folder's lock from here; `using` releases it however this returns.
  using plan = req.resumeRunDir ? prepareResume(req.resumeRunDir, loaded.hash) : undefined;
  const requested: SearchSettings = plan
    ? recordedBeforeDefaults(plan.info.settings)
    : { ...req.settings, estimator: absoluteEstimatorSpec(req.settings.estimator, process.cwd()), ...(req.settings.cheap ? { cheap: req.settings.cheap.map((c) => absoluteEstimatorSpec(c, process.cwd())) } : {}) };
  const objectives = requested.objectives.map(parseObjective);
  const constraints = requested.constraints.map(parseConstraint);
  if (objectives.length === 0) throw new SearchSetupError('at least one objective is needed, e.g. --objective max:val_acc');
  const created = await createEstimator(requested, process.cwd(), space.definition.train, (m) => events.onLog('info', m));
  const estimator = withCostGate(created.estimator, objectives, constraints);
  const settings: SearchSettings = { ...requested, ...(Object.keys(created.options).length ? { estimatorOptions: created.options } : {}) };
  const catalog = estimatorCatalog(parseEstimator(settings.estimator).name, estimator.metricNames(), objectives);
  const unknown = unknownMetrics(objectives, constraints, estimator.metricNames());
  if (unknown.length) {
    throw new SearchSetupError(`unknown metric${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `'${m}'`).join(', ')}; estimator ${estimator.name} provides: ${estimator.metricNames().join(', ')}`);
  }
  const cheap = await createCheap(settings.cheap ?? [], space, space.definition.train, process.cwd(), (m) => events.onLog('info', m));
  const strategy = createStrategy(settings.strategy, { space, objectives, constraints, seed: settings.seed, budget: settings.budget, options: settings.strategyOptions, cheapMetrics: cheap?.metricNames() });

  const pool = new InProcessPool(estimator, settings.parallel ?? 1);

  let store: RunStore;
  let previous: CandidateRecord[] = [];
  if (plan) {
    for (const w of plan.warnings) events.onLog('warn', w);
    ({ store, records: previous } = plan);
    strategy.restore(previous, plan.strategyState, plan.inFlight);
    store.markEnded(undefined);
  } else {
    store = RunStore.create(req.outDir, {
      runId: req.runId,
      toolVersion: TOOL_VERSION,
      spaceFile: loaded.file,
      spaceHash: loaded.hash,
      spaceName: space.name,
      spaceSize: space.size.toString(),
      settings,
      catalog,
    });
  }
  events.onRunStarted(store.info, store.dir);

  let best: Evaluated | undefined;
  let bestRecord: CandidateRecord | undefined;
  const consider = (r: CandidateRecord) => {
    const e = toEvaluated(r, objectives, constraints);
    if (e.ok && e.violation === 0 && (!best || compareSingle(e, best) < 0)) {
      best = e;
      bestRecord = r;
    }
  };
  previous.forEach(consider);

  try {
    const outcome = await runSearchLoop({
      space,
      strategy,
      pool,
      objectives,
      constraints,
      budget: { evaluations: settings.budget, seconds: settings.timeLimitSec },
      signal,
      previous,
      inFlight: plan?.inFlight,
      sink: store,
      cheap,
      cheapSink: store,
      includeGraph: estimator.needsGraph,
      onCandidate(record) {
        consider(record);
        events.onCandidate(record);
      },
      onProgress(p) {
        events.onProgress({ evaluated: p.evaluated, budget: p.budget, best: bestRecord && { key: bestRecord.key, metrics: bestRecord.metrics } });
      },
    });
    if (outcome.message) events.onLog('info', outcome.message);
    const { stoppedBy } = outcome;
    store.markEnded({ at: new Date().toISOString(), stoppedBy, evaluated: outcome.records.length });
    const { best: bestOut, pareto } = summarizeRun(outcome.records, objectives, constraints);
    return { runDir: store.dir, evaluated: outcome.records.length, best: bestOut, pareto, stoppedBy, ...(cheap ? { cheapScored: outcome.cheapScored } : {}) };
  } finally {
    store.close();
    await pool.close();
  }
}

/**
 * Runs recorded before proxy settings were written out in full trained with a constant learning
 * rate (cosine became the default later): a resumed one keeps doing so.
 */
export function recordedBeforeDefaults(settings: SearchSettings): SearchSettings {
  if (settings.estimator !== 'proxy' || settings.estimatorOptions?.schedule !== undefined) return settings;
  return { ...settings, estimatorOptions: { ...settings.estimatorOptions, schedule: 'constant' } };
}
