import * as path from 'node:path';
import { SAME_FAILURE_LIMIT } from '../../core/search/loop';
import { parseConstraint, parseObjective } from '../../core/search/objectives';
import { STRATEGY_DESCRIPTIONS, STRATEGY_NAMES } from '../../core/search/strategyNames';
import type { RunInfo, SearchSettings } from '../../core/run/types';
import { ESTIMATOR_NAMES, ESTIMATORS, EstimatorSpecError, estimatorUsage, estimatorUsages, parseEstimator } from '../../core/estimate/estimators/index';
import { mergeSearchSettings } from '../../core/search/settings';
import { parseSettingPair } from '../../core/estimate/settings';
import { runSearch } from '../../runtime/runtime';
import type { SearchRequest, SearchSummary } from '../../protocol/runtimeTypes';
import { loadSpaceFile, type LoadedSpace } from '../../runtime/spaceLoader';
import { parse, toInt, UsageError, type Command } from '../command';
import { table } from '../format';
import { ProgressReporter } from '../progress';
import { formatMetric, groupDigits } from '../../protocol/formatMetric';
import { describeOutcome } from '../../protocol/objectives';

export const DEFAULT_RUNS_DIR = path.join('.nas', 'runs');

const options = {
  strategy: { type: 'string' },
  budget: { type: 'string' },
  seed: { type: 'string' },
  estimator: { type: 'string' },
  cheap: { type: 'string', multiple: true },
  objective: { type: 'string', multiple: true },
  constraint: { type: 'string', multiple: true },
  'time-limit': { type: 'string' },
  parallel: { type: 'string' },
  queue: { type: 'string' },
  option: { type: 'string', multiple: true },
  train: { type: 'string', multiple: true },
  device: { type: 'string', multiple: true },
  out: { type: 'string' },
  json: { type: 'boolean' },
  'skip-degenerate': { type: 'boolean' },
  'keep-degenerate': { type: 'boolean' },
} as const;

export const searchCommand: Command = {
  name: 'search',
  summary: 'Search a space: strategies, objectives, constraints, a run folder you can resume',
  help: `Usage: nas search <file.nasspace.ts> [options]

Runs a search and writes it to a run folder (.nas/runs/<run-id>/ unless --out): run.json and an
append-only candidates.jsonl. Defaults come from the space file's \`search\` settings.

Options:
  --strategy S        the space's, else evolution; one of:
${STRATEGY_NAMES.map((n) => `                        ${n.padEnd(13)} ${STRATEGY_DESCRIPTIONS[n]}`).join('\n')}
  --budget N          evaluations (default: the space's, else 100)
  --seed N            random seed (default 0)
  --estimator E       the space's; one of:
${ESTIMATOR_NAMES.map((n) => `                        ${estimatorUsage(n).padEnd(18)} ${ESTIMATORS[n].summary}`).join('\n')}
  --cheap E           an estimator whose metrics strategies may compute for any number of
                        candidates before choosing which to evaluate (repeatable; the space's
                        search.cheap), e.g. --cheap table:zc.json; not counted as evaluations
  --objective O       max:<metric> or min:<metric> (a bare <metric> the estimator describes takes its direction);
                      repeat for several (the first ranks 'best')
  --constraint C      <metric><=<value> (or >=, <, >); repeat for several
  --time-limit SEC    stop starting new candidates after this many seconds
  --parallel N        evaluations at once (default 1, which makes a run reproducible from its
                        seed alone); 'nas resume' keeps it. They run in this process: proxy
                        trainings share its thread, and their train_time_s and latency_ms show it
  --device D          also predict latency_ms@D for every candidate (a device name: .nas/devices/D.json,
                      'local' for this machine, or a profile path; repeatable; adds to the space's hardware.devices)
  --queue URL         evaluate on 'nas worker' processes (any machine) through the Redis queue
                        redis://[user:password@]host:port/<name>; the password is not recorded
  --option K=V        a strategy setting, e.g. --option population=20 or, for halving and hyperband,
                        --option proposer=nsga2 (repeatable)
  --train K=V         an estimator setting, e.g. --train epochs=2 (repeatable; 'nas estimators' lists them)
  --out DIR           the run folder to create (default .nas/runs/<run-id>)
  --skip-degenerate   search distinct networks only (the default for new runs): no cell with an
                      operation that cannot reach the output, one key per set of isomorphic cells
  --keep-degenerate   search every member, degenerate and isomorphic copies included
  --json              print one JSON object at the end: {runDir, evaluated, best, pareto}
                        (progress goes to stderr as plain lines)
  -h, --help          show this help

Ctrl-C stops cleanly: everything evaluated is kept; 'nas resume <run-dir>' continues.`,

  async run(argv) {
    const { values, positionals, help } = parse(argv, options, { min: 1, max: 1, names: 'the space file (nas search <file>)' });
    if (help) return (console.log(this.help), 0);
    const spaceFile = positionals[0];
    const loaded = await loadSpaceFile(spaceFile);
    const defaults = loaded.space.definition.search ?? {};
    const chosen: Partial<SearchSettings> = {
      strategy: values.strategy,
      budget: values.budget === undefined ? undefined : toInt(values.budget, '--budget', 0, 1),
      seed: values.seed === undefined ? undefined : toInt(values.seed, '--seed', 0),
      estimator: values.estimator,
      cheap: values.cheap,
      objectives: values.objective,
      constraints: values.constraint,
      parallel: values.parallel === undefined ? undefined : toInt(values.parallel, '--parallel', 1, 1),
      strategyOptions: pairs(values.option, '--option'),
      estimatorOptions: pairs(values.train, '--train'),
      devices: values.device,
    };
    if (values['skip-degenerate'] && values['keep-degenerate']) throw new UsageError('--skip-degenerate and --keep-degenerate contradict each other');
    if (values['keep-degenerate']) chosen.skipDegenerate = false;
    const settings = mergeSearchSettings(chosen, defaults, { strategy: 'evolution', budget: 100, seed: 0, estimator: '', objectives: [] });
    if (!(STRATEGY_NAMES as readonly string[]).includes(settings.strategy)) throw new UsageError(`unknown strategy '${settings.strategy}': expected ${STRATEGY_NAMES.join(', ')}`);
    if (!settings.estimator) throw new UsageError(`no estimator: pass --estimator ${estimatorUsages()}`);
    try {
      parseEstimator(settings.estimator);
      for (const c of settings.cheap ?? []) parseEstimator(c);
    } catch (e) {
      if (e instanceof EstimatorSpecError) throw new UsageError(e.message);
      throw e;
    }
    if (settings.objectives.length === 0) throw new UsageError('no objective: pass --objective max:<metric> (or set search.objectives in the space file)');
    if (values['time-limit'] !== undefined) settings.timeLimitSec = toInt(values['time-limit'], '--time-limit', 0, 1);
    if (values.queue !== undefined) settings.queue = values.queue;
    const out = values.out ? path.resolve(values.out) : undefined;
    const req: SearchRequest = { spaceFile, settings, outDir: out ? path.dirname(out) : path.resolve(DEFAULT_RUNS_DIR), runId: out ? path.basename(out) : undefined };
    return execute(req, values.json === true, loaded);
  },
};

/** Runs the search with terminal progress and Ctrl-C handling; shared with `nas resume`. */
export async function execute(req: SearchRequest, json: boolean, loaded?: LoadedSpace): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping: waiting for running evaluations (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let reporter: ProgressReporter | undefined;
  let budget = 0;
  let shown: string[] = [];
  let started: RunInfo | undefined;
  try {
    const summary = await runSearch(req, {
      onRunStarted(info, runDir) {
        budget = info.settings.budget;
        started = info;
        // Objective and constraint metrics lead the lines and tables.
        shown = [...info.settings.objectives.map((o) => parseObjective(o).metric), ...info.settings.constraints.map((c) => parseConstraint(c).metric)];
        reporter = new ProgressReporter(process.stderr, shown, json);
        if (!json) process.stderr.write(`run ${info.runId}: ${info.spaceName} (${groupDigits(info.spaceSize)} architectures), ${info.settings.strategy}, budget ${groupDigits(budget)}\n  folder ${path.relative(process.cwd(), runDir) || runDir}\n`);
        const parallel = info.settings.parallel ?? 1;
        if (!json && parallel > 1) process.stderr.write(`  ${parallel} evaluations at once\n`);
      },
      onCandidate: (r) => reporter?.candidate(r, budget),
      onProgress: (p) => reporter?.progress(p),
      onTraining: (t) => reporter?.trainingStep(t),
      onLog: (level, message) => process.stderr.write(`${level === 'info' ? '' : `${level}: `}${message}\n`),
    }, controller.signal, loaded);
    reporter?.end();
    if (json) console.log(JSON.stringify(summary));
    else printSummary(summary, shown, started);
    return summary.stoppedBy === 'cancelled' ? 130 : summary.stoppedBy === 'failing' ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Why a search ended, as the summary line says it. */
const STOPPED: Record<SearchSummary['stoppedBy'], string> = {
  budget: 'budget reached',
  time: 'time limit reached',
  cancelled: "stopped early; 'nas resume' continues it",
  exhausted: 'every architecture of the space evaluated',
  failing: `the same failure ${SAME_FAILURE_LIMIT} times in a row; fix its cause, then 'nas resume' continues the run`,
};

/** The summary's first line: how many were evaluated, why the search ended, where it is. */
export function summaryHeadline(s: Pick<SearchSummary, 'evaluated' | 'stoppedBy' | 'runDir'>, cwd: string): string {
  return `Evaluated ${groupDigits(s.evaluated)} candidate${s.evaluated === 1 ? '' : 's'} (${STOPPED[s.stoppedBy]}); run folder ${path.relative(cwd, s.runDir) || s.runDir}`;
}

function printSummary(s: SearchSummary, shown: string[], info: RunInfo | undefined): void {
  console.log(`\n${summaryHeadline(s, process.cwd())}`);
  if (info && s.best) console.log(`${capitalize(describeOutcome(s, info.settings.objectives.map(parseObjective), info.catalog))}.`);
  if (s.cheapScored !== undefined) console.log(`Scored ${groupDigits(s.cheapScored)} more by the cheap estimators only (cheap.jsonl).`);
  if (!s.best) {
    console.log('No feasible candidate.');
    return;
  }
  console.log(`Best: ${s.best.key}\n  ${Object.entries(s.best.metrics).map(([k, v]) => `${k}=${formatMetric(v)}`).join('  ')}`);
  const metrics = [...new Set([...shown, ...Object.keys(s.pareto[0]?.metrics ?? {})])].slice(0, Math.max(6, shown.length));
  console.log(`\nPareto front (${s.pareto.length}):`);
  const rows = [['key', ...metrics], ...s.pareto.map((p) => [p.key, ...metrics.map((m) => formatMetric(p.metrics[m]))])];
  console.log(table(rows, ['l', ...metrics.map(() => 'r' as const)]).replace(/^/gm, '  '));
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function pairs(list: string[] | undefined, flag: string): Record<string, string | number> | undefined {
  if (!list?.length) return undefined;
  const out: Record<string, string | number> = {};
  for (const item of list) {
    const pair = parseSettingPair(item);
    if (!pair) throw new UsageError(`${flag} takes key=value, got '${item}'`);
    out[pair[0]] = pair[1];
  }
  return out;
}
