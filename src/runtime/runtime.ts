// The search runtime shared by the `nas` CLI and the extension's worker process: load the space,
// build estimator and strategy, run the loop into a run store (new or resumed), report events.
import { describedMetric, estimatorCatalog, parseEstimator } from '../core/estimate/estimators/index';
import { fidelityRange } from '../core/estimate/fidelity';
import { createStrategy, isMultiFidelity } from '../core/search/strategies/index';
import { runSearchLoop } from '../core/search/loop';
import { InProcessPool } from '../core/pool/inProcessPool';
import { compareSingle, toEvaluated, type Evaluated } from '../core/search/evaluated';
import { formatObjective, objectiveParser, parseConstraint, unknownMetrics } from '../core/search/objectives';
import { summarizeRun } from '../core/search/summary';
import { prepareResume } from '../core/run/resume';
import { spaceCopyFile } from '../core/run/runFolder';
import { RunStore } from '../core/run/store';
import type { CandidateRecord, SearchSettings } from '../core/run/types';
import { withCostGate } from '../hardware/costGate';
import { absoluteDeviceSpecs, createDevices } from './devices';
import { absoluteEstimatorSpec, createCheap, createEstimator } from './estimators';
import type { SearchEvents, SearchRequest, SearchSummary } from '../protocol/runtimeTypes';
import { saveSpaceCopy } from './spaceCopy';
import { loadSpaceFile, type LoadedSpace } from './spaceLoader';
import { secondsLeft } from './timeLeft';
import { TOOL_VERSION } from './version';
import { checkQueue } from './pools/queueConnection';
import { QueuePool } from './pools/queuePool';
import { parseQueueUrl, QueueUrlError, type QueueAddress } from './pools/queueUrl';

/** Training progress reaches the front ends at most this often (a batch can take a millisecond). */
const TRAINING_REPORT_MS = 100;

/**
 * The abort reason of a search whose host went away (window reload, closed editor): it stops
 * like a cancelled one but writes no end record, so the run reads "interrupted", as after a
 * crash, and is offered for resuming.
 */
export const INTERRUPTED = 'interrupted';

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
    : withDevices({ ...req.settings, estimator: absoluteEstimatorSpec(req.settings.estimator, process.cwd()), skipDegenerate: req.settings.skipDegenerate ?? true, ...(req.settings.cheap ? { cheap: req.settings.cheap.map((c) => absoluteEstimatorSpec(c, process.cwd())) } : {}) }, space.definition.hardware?.devices);
  // A bare objective (`--objective val_acc`) takes its direction from the estimator's catalog and
  // is recorded with it, so the run reads the same without the catalog.
  const estimatorName = parseEstimator(requested.estimator).name;
  const objectives = requested.objectives.map(objectiveParser((metric) => describedMetric(estimatorName, metric)?.direction));
  const constraints = requested.constraints.map(parseConstraint);
  if (objectives.length === 0) throw new SearchSetupError('at least one objective is needed, e.g. --objective max:val_acc');
  const created = await createEstimator(requested, process.cwd(), space.definition.train, (m) => events.onLog('info', m), { space, input: space.definition.input });
  const devices = await createDevices(requested.devices ?? [], process.cwd(), space, (m) => events.onLog('info', m));
  const estimator = withCostGate(created.estimator, objectives, constraints, devices);
  const queue = queueAddress(req.queueUrl ?? requested.queue);
  // The queue as recorded: without its password.
  const settings: SearchSettings = { ...requested, objectives: objectives.map(formatObjective), ...(Object.keys(created.options).length ? { estimatorOptions: created.options } : {}), ...(queue ? { queue: queue.display } : {}) };
  const parsedEstimator = parseEstimator(settings.estimator);
  const catalog = estimatorCatalog(parsedEstimator.name, estimator.metricNames(), objectives, estimator.metricNotes?.());
  const unknown = unknownMetrics(objectives, constraints, estimator.metricNames());
  if (unknown.length) {
    throw new SearchSetupError(`unknown metric${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `'${m}'`).join(', ')}; estimator ${estimator.name} provides: ${estimator.metricNames().join(', ')}`);
  }
  // Multi-fidelity strategies evaluate at levels of the estimator's first fidelity setting, up to the run's value of it.
  const fidelity = fidelityRange(parsedEstimator.descriptor.fidelity, settings.estimatorOptions);
  if (isMultiFidelity(settings.strategy) && !(fidelity && fidelity.max > fidelity.min)) {
    const first = parsedEstimator.descriptor.fidelity?.[0];
    const why = first ? `its fidelity ${first.setting} is at its lowest level (raise it, e.g. ${first.setting}=${first.min * 9})` : 'it has no fidelity setting';
    events.onLog('warn', `strategy ${settings.strategy} with estimator ${parsedEstimator.name}: ${why}, so there is one rung and every candidate is evaluated once`);
  }
  // The strategy and the loop see distinct networks only, when the run says so.
  const searched = settings.skipDegenerate ? space.distinctNetworks() : space;
  const cheap = await createCheap(settings.cheap ?? [], space, space.definition.train, process.cwd(), (m) => events.onLog('info', m));
  const strategy = createStrategy(settings.strategy, { space: searched, objectives, constraints, seed: settings.seed, budget: settings.budget, options: settings.strategyOptions, ...(fidelity ? { fidelity } : {}), cheapMetrics: cheap?.metricNames() });

  if (queue) await checkQueue(queue);

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
  // A run resumed from before runs kept a copy gets one now: its space hashed the same.
  if (!spaceCopyFile(store.dir)) saveSpaceCopy(store.dir, loaded);
  created.estimator.useRunFolder?.(store.dir);
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

  const pool = queue
    ? await QueuePool.forRun(queue, { runId: store.info.runId, settings, loaded, estimatorName: estimator.name, devices: devices.map((d) => d.profile), log: events.onLog, dispose: () => estimator.dispose?.() ?? Promise.resolve() })
    : new InProcessPool(estimator, settings.parallel ?? 1);

  const sessionStart = Date.now();
  let evaluated = previous.length;
  let lastTrainingReport = 0;
  const timeLeft = (training?: Parameters<typeof secondsLeft>[0]['training']) =>
    secondsLeft({ evaluated, previous: previous.length, budget: settings.budget, elapsedMs: Date.now() - sessionStart, training, timeLimitSec: settings.timeLimitSec });

  try {
    const outcome = await runSearchLoop({
      space: searched,
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
        evaluated = p.evaluated;
        const etaSec = timeLeft();
        events.onProgress({ evaluated: p.evaluated, budget: p.budget, best: bestRecord && { key: bestRecord.key, metrics: bestRecord.metrics }, elapsedSec: p.elapsedMs / 1000, ...(etaSec !== undefined ? { etaSec } : {}) });
      },
      onEvaluationProgress: events.onTraining && ((key, p) => {
        const now = Date.now();
        // Throttled, except an epoch's last batch; a non-finite loss is a divergence the result reports.
        if ((now - lastTrainingReport < TRAINING_REPORT_MS && p.batch < p.batches) || !Number.isFinite(p.loss)) return;
        lastTrainingReport = now;
        const etaSec = timeLeft(p);
        events.onTraining!({ ...p, key, lossCurve: p.lossCurve.filter(Number.isFinite), ...(etaSec !== undefined ? { etaSec } : {}) });
      }),
    });
    if (outcome.message) events.onLog(outcome.stoppedBy === 'failing' ? 'error' : 'info', outcome.message);
    const { stoppedBy } = outcome;
    if (!(stoppedBy === 'cancelled' && signal.reason === INTERRUPTED)) store.markEnded({ at: new Date().toISOString(), stoppedBy, evaluated: outcome.records.length });
    const { best: bestOut, pareto } = summarizeRun(outcome.records, objectives, constraints);
    return { runDir: store.dir, evaluated: outcome.records.length, best: bestOut, pareto, stoppedBy, ...(cheap ? { cheapScored: outcome.cheapScored } : {}) };
  } finally {
    store.close();
    await pool.close();
  }
}

/** The request's devices and the space file's, paths made absolute (a resumed run reads the same profiles). */
function withDevices(settings: SearchSettings, fromSpace: readonly string[] | undefined): SearchSettings {
  const all = absoluteDeviceSpecs([...(settings.devices ?? []), ...(fromSpace ?? [])], process.cwd());
  return all.length ? { ...settings, devices: all } : settings;
}

function queueAddress(url: string | undefined): QueueAddress | undefined {
  try {
    return url ? parseQueueUrl(url) : undefined;
  } catch (e) {
    throw e instanceof QueueUrlError ? new SearchSetupError(e.message) : e;
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
