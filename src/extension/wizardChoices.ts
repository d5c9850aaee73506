// The Start Search wizard's decisions that need no editor: what each step starts from (the last
// choices made for this space, else the space file's `search` block, else the settings), which
// estimator to offer first, which metrics the objective and constraint steps offer, and the
// budget's warning. Pure, so all of it is unit-tested; startSearch.ts only asks the questions.
import { ANALYTIC_METRIC_NAMES, metricDevice, type MetricInfo } from '../core/estimate/catalog';
import { ESTIMATOR_NAMES, ESTIMATORS, estimatorCatalog, parseEstimator, type EstimatorName } from '../core/estimate/estimators/index';
import { formatObjective, type Objective, ObjectiveSyntaxError, parseConstraint, parseObjective } from '../core/search/objectives';
import type { SearchSettings } from '../core/run/types';
import { groupDigits } from '../protocol/formatMetric';

/** What the wizard remembers per space (workspaceState), so the next search starts from it. */
export interface RememberedChoices {
  strategy: string;
  budget: number;
  estimator: string;
  objectives: string[];
  constraints: string[];
}

/** The workspaceState key of a space's remembered choices. */
export function rememberedKey(spaceFile: string): string {
  return `nas.lastSearch:${spaceFile}`;
}

/** The workspaceState key of the table files used in this workspace, most recent first. */
export const RECENT_TABLES_KEY = 'nas.recentTables';
const RECENT_TABLES_KEPT = 5;

const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

/** A stored value read back (it may come from an older version, or be anything): the choices, or undefined. */
export function readRemembered(value: unknown): RememberedChoices | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.strategy !== 'string' || typeof v.estimator !== 'string' || !Number.isInteger(v.budget) || !isStrings(v.objectives) || !isStrings(v.constraints)) return undefined;
  return { strategy: v.strategy, budget: v.budget as number, estimator: v.estimator, objectives: [...v.objectives], constraints: [...v.constraints] };
}

/** The settings the steps start from: the last choices for this space over the merged defaults. */
export function prefill(defaults: SearchSettings, remembered: RememberedChoices | undefined): SearchSettings {
  if (!remembered) return defaults;
  const { strategy, budget, estimator, objectives, constraints } = remembered;
  return { ...defaults, strategy, budget, estimator, objectives: objectives.length ? objectives : defaults.objectives, constraints };
}

/** The stored recent table list read back (anything else: none). */
export function readRecentTables(value: unknown): string[] {
  return isStrings(value) ? value.filter((e) => parseEstimatorName(e) === 'table') : [];
}

/** The recent table list with `estimator`'s table first (unchanged for other estimators). */
export function withRecentTable(recent: readonly string[], estimator: string): string[] {
  if (parseEstimatorName(estimator) !== 'table') return [...recent];
  return [estimator, ...recent.filter((e) => e !== estimator)].slice(0, RECENT_TABLES_KEPT);
}

/** The parsed estimator spec, or undefined for one that does not parse (the search's own check reports it). */
export function tryParseEstimator(text: string): ReturnType<typeof parseEstimator> | undefined {
  try {
    return parseEstimator(text);
  } catch {
    return undefined;
  }
}

function parseEstimatorName(text: string): EstimatorName | undefined {
  return tryParseEstimator(text)?.name;
}

/** The objectives that read (`max:c10_valid`); a stale remembered or mistyped one is left out, the search's own check reports it. */
export function objectiveMetrics(objectives: readonly string[]): Objective[] {
  return objectives.flatMap((o) => {
    try {
      return [parseObjective(o)];
    } catch {
      return [];
    }
  });
}

/** Metrics an estimator's own catalog names before it is loaded; undefined for one known only once loaded (a table). */
function fixedMetrics(name: EstimatorName): readonly string[] | undefined {
  const d = ESTIMATORS[name];
  return 'describeLoaded' in d ? undefined : d.metrics.map((m) => m.name);
}

/** The objective metrics (of `objectives`) the estimator cannot produce: neither its own, nor an analytic cost, nor a device latency. */
export function metricsMissingFrom(estimator: string, objectives: readonly string[]): string[] {
  const name = parseEstimatorName(estimator);
  const own = name && fixedMetrics(name);
  if (!own) return [];
  return objectiveMetrics(objectives).map((o) => o.metric).filter((m) => !own.includes(m) && !ANALYTIC_METRIC_NAMES.includes(m) && metricDevice(m) === undefined);
}

export interface OfferedEstimator {
  /** Absent: none fits, the table file entry goes first. */
  estimator?: string;
  /** Set when the prefilled estimator was passed over: it and the objective metrics it lacks. */
  instead?: { estimator: string; missing: string[] };
}

/**
 * The estimator the estimator step offers first. The prefilled one, unless its catalog is fixed
 * (the proxy's) and lacks metrics the objectives name (a table's c10_valid): then the first
 * registry entry whose catalog has them all, else the most recent table of this workspace, else
 * none (the step then puts "Choose a table file" first).
 */
export function defaultEstimator(prefilled: string, objectives: readonly string[], recentTables: readonly string[]): OfferedEstimator {
  const missing = metricsMissingFrom(prefilled, objectives);
  if (missing.length === 0) return { estimator: prefilled };
  const fits = ESTIMATOR_NAMES.find((n) => fixedMetrics(n) && metricsMissingFrom(n, objectives).length === 0);
  return { estimator: fits ?? recentTables[0], instead: { estimator: prefilled, missing } };
}

/**
 * The metrics the objective and constraint steps offer for an estimator: its catalog (a table's
 * columns when `tableColumns` are known) and the cost gate's analytic metrics, with each objective
 * of the prefill that names another metric (a device's latency) kept as the space file says it.
 */
export function metricChoices(estimator: string, tableColumns: readonly string[] | undefined, prefilledObjectives: readonly string[]): MetricInfo[] {
  const { name, descriptor } = parseEstimator(estimator);
  const objectives = objectiveMetrics(prefilledObjectives);
  const own = descriptor.metrics.length ? descriptor.metrics.map((m) => m.name) : [...(tableColumns ?? [])];
  const produced = [...new Set([...own, ...ANALYTIC_METRIC_NAMES, ...objectives.map((o) => o.metric)])];
  return estimatorCatalog(name, produced, objectives);
}

/** The objective strings of the metrics picked, in the catalog's direction. */
export function objectivesOf(picked: readonly MetricInfo[]): string[] {
  return picked.map((m) => formatObjective({ metric: m.name, direction: m.direction }));
}

/** "edgegpu_lat<=5, params<1e6" as typed in the constraint step: the constraints, or a one-line error naming the bad one. */
export function parseConstraintsInput(text: string, metrics: readonly string[]): { constraints: string[] } | { error: string } {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const constraints: string[] = [];
  for (const part of parts) {
    try {
      const c = parseConstraint(part);
      if (!metrics.includes(c.metric)) return { error: `'${c.metric}' in '${part}' is not a metric of this estimator: expected one of ${metrics.join(', ')}` };
      constraints.push(part.replace(/\s+/g, ''));
    } catch (e) {
      if (e instanceof ObjectiveSyntaxError) return { error: e.message };
      throw e;
    }
  }
  return { constraints };
}

/** Past this fraction of the searchable architectures, a budget "nearly exhausts" the space. */
const NEAR_EXHAUSTION = 0.9;

/**
 * The warning for a budget at or past (or near) what the space holds; undefined when it is well
 * inside. `size` and `degenerate` are the spaces tree's decimal counts; a search skips degenerate
 * cells (and isomorphic copies, which only the search counts), so it ends when they run out.
 */
export function budgetWarning(budget: number, size: string, degenerate?: string): string | undefined {
  const { total, searchable } = counts(size, degenerate);
  if (total <= 0n) return undefined;
  const of = searchable < total ? `the ${groupDigits(searchable)} non-degenerate architectures of ${groupDigits(total)}` : `the space's ${groupDigits(total)} architectures`;
  const b = BigInt(budget);
  if (b >= searchable) return `A budget of ${groupDigits(budget)} covers ${of}: the search ends when the space is exhausted, and a random or grid search is then as good as any.`;
  // Compared in parts per thousand: the counts may be far past a float's integers.
  if (b * 1000n >= searchable * BigInt(NEAR_EXHAUSTION * 1000)) return `A budget of ${groupDigits(budget)} nearly exhausts ${of}.`;
  return undefined;
}

function counts(size: string, degenerate: string | undefined): { total: bigint; searchable: bigint } {
  const total = BigInt(size);
  return { total, searchable: total - (degenerate ? BigInt(degenerate) : 0n) };
}

/**
 * The budget step's prompt: what the space holds. VS Code shows a validation message only once
 * the value is edited, so a remembered budget past the size is only warned about as it changes;
 * the prompt says the size from the start.
 */
export function budgetPrompt(size: string, degenerate?: string): string {
  const { total, searchable } = counts(size, degenerate);
  const holds = searchable < total ? `${groupDigits(total)} architectures, ${groupDigits(searchable)} of them non-degenerate` : `${groupDigits(total)} architectures`;
  return `How many candidates to evaluate (the space has ${holds})`;
}

/** A run the wizard may offer as the training data of a `predictor:<family>` estimator. */
export interface PredictorSourceRun {
  runDir: string;
  info: { runId: string; createdAt: string; spaceName: string; spaceSize: string; settings: Pick<SearchSettings, 'strategy' | 'objectives'> };
  evaluated: number;
}

/**
 * The runs a `predictor:<family>` estimator can train on for this space (its `from` setting):
 * those of the same space (name and size, as the estimator checks) with evaluated candidates,
 * newest first.
 */
export function predictorSourceRuns<R extends PredictorSourceRun>(runs: readonly R[], space: { name: string; size: string }): R[] {
  return runs
    .filter((r) => r.info.spaceName === space.name && r.info.spaceSize === space.size && r.evaluated > 0)
    .sort((a, b) => b.info.createdAt.localeCompare(a.info.createdAt) || b.info.runId.localeCompare(a.info.runId));
}

/** "run 20261201-1430 · evolution, 100 evaluated, max:c10_valid": how the wizard lists a predictor's training run. */
export function predictorSourceLabel(r: PredictorSourceRun): string {
  return `run ${r.info.runId} · ${r.info.settings.strategy}, ${groupDigits(r.evaluated)} evaluated, ${r.info.settings.objectives.join(', ')}`;
}
