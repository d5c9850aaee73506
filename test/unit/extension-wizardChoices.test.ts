import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetPrompt, budgetWarning, defaultEstimator, metricChoices, metricsMissingFrom, objectivesOf, parseConstraintsInput, predictorSourceLabel, predictorSourceRuns, prefill, readRecentTables, readRemembered, withRecentTable } from '../../src/extension/wizardChoices';
import { defaultSettings } from '../../src/extension/searchSettings';

const config = { defaultBudget: 50, defaultStrategy: 'random', defaultEstimator: 'proxy', defaultObjectives: ['max:val_acc', 'min:latency_ms'], defaultSeed: 0, parallel: 1 };
const nb201Search = { strategy: 'evolution', budget: 100, objectives: ['max:c10_valid', 'min:edgegpu_lat'], constraints: ['edgegpu_lat<=8'] };

test('the last choices for a space prefill over the space file and the settings', () => {
  const defaults = defaultSettings(nb201Search, config, '/ws');
  assert.equal(prefill(defaults, undefined), defaults);
  const remembered = { strategy: 'random', budget: 300, estimator: 'table:/ws/nb201.json', objectives: ['max:c10_test'], constraints: [] };
  const s = prefill(defaults, remembered);
  assert.deepEqual({ strategy: s.strategy, budget: s.budget, estimator: s.estimator, objectives: s.objectives, constraints: s.constraints }, remembered);
  assert.equal(s.seed, defaults.seed);
  // An empty remembered objective list (never stored, but read back from anywhere) is no choice.
  assert.deepEqual(prefill(defaults, { ...remembered, objectives: [] }).objectives, ['max:c10_valid', 'min:edgegpu_lat']);
});

test('remembered choices read back only when whole: another version or a stray value is ignored', () => {
  const ok = { strategy: 'random', budget: 3, estimator: 'proxy', objectives: ['max:val_acc'], constraints: ['params<=10'] };
  assert.deepEqual(readRemembered(ok), ok);
  assert.equal(readRemembered(undefined), undefined);
  assert.equal(readRemembered('random'), undefined);
  assert.equal(readRemembered({ ...ok, budget: 2.5 }), undefined);
  assert.equal(readRemembered({ ...ok, objectives: 'max:val_acc' }), undefined);
  assert.equal(readRemembered({ ...ok, constraints: [1] }), undefined);
});

test('the table file is remembered: most recent first, no repeats, at most five, other estimators leave the list alone', () => {
  let recent = readRecentTables(undefined);
  assert.deepEqual(recent, []);
  recent = withRecentTable(recent, 'table:/ws/a.json');
  recent = withRecentTable(recent, 'proxy');
  recent = withRecentTable(recent, 'table:/ws/b.json');
  recent = withRecentTable(recent, 'table:/ws/a.json');
  assert.deepEqual(recent, ['table:/ws/a.json', 'table:/ws/b.json']);
  for (const f of ['c', 'd', 'e', 'f']) recent = withRecentTable(recent, `table:/ws/${f}.json`);
  assert.deepEqual(recent, ['table:/ws/f.json', 'table:/ws/e.json', 'table:/ws/d.json', 'table:/ws/c.json', 'table:/ws/a.json']);
  assert.deepEqual(readRecentTables(['table:/ws/a.json', 'proxy', 7]), []);
  assert.deepEqual(readRecentTables(['table:/ws/a.json', 'proxy']), ['table:/ws/a.json']);
});

test('a space whose objectives are table metrics is not offered the proxy', () => {
  const objectives = ['max:c10_valid', 'min:edgegpu_lat'];
  assert.deepEqual(metricsMissingFrom('proxy', objectives), ['c10_valid', 'edgegpu_lat']);
  assert.deepEqual(defaultEstimator('proxy', objectives, ['table:/ws/nb201.json']), { estimator: 'table:/ws/nb201.json', instead: { estimator: 'proxy', missing: ['c10_valid', 'edgegpu_lat'] } });
  // No table used before: none is offered, the step puts the table file entry first.
  assert.equal(defaultEstimator('proxy', objectives, []).estimator, undefined);
  // The proxy measures these (params is the cost gate's, a device latency too).
  assert.deepEqual(defaultEstimator('proxy', ['max:val_acc', 'min:params', 'min:latency_ms@pi4'], []), { estimator: 'proxy' });
  // A table is never passed over: its columns are known only once loaded.
  assert.deepEqual(defaultEstimator('table:/ws/nb201.json', ['max:val_acc'], []), { estimator: 'table:/ws/nb201.json' });
  // The zero-cost estimator lacks val_acc; the proxy has it, so it is offered instead.
  assert.equal(defaultEstimator('zc', ['max:val_acc'], ['table:/ws/nb201.json']).estimator, 'proxy');
});

test('the objective step offers the estimator catalog with units, the analytic costs, and the prefill it cannot describe', () => {
  const proxy = metricChoices('proxy', undefined, ['max:val_acc', 'min:latency_ms@pi4']);
  const byName = new Map(proxy.map((m) => [m.name, m]));
  assert.equal(byName.get('val_acc')?.unit, 'fraction');
  assert.equal(byName.get('val_acc')?.direction, 'max');
  assert.equal(byName.get('params')?.direction, 'min');
  assert.equal(byName.get('latency_ms@pi4')?.unit, 'ms');
  assert.equal(new Set(proxy.map((m) => m.name)).size, proxy.length, 'no metric twice');
  const table = metricChoices('table:/ws/nb201.json', ['c10_valid', 'edgegpu_lat', 'train_time_s'], ['min:c10_valid']);
  const t = new Map(table.map((m) => [m.name, m]));
  // The prefilled objective's direction wins over the naming convention; a column's unit comes from its suffix.
  assert.equal(t.get('c10_valid')?.direction, 'min');
  assert.equal(t.get('edgegpu_lat')?.direction, 'min');
  assert.equal(t.get('train_time_s')?.unit, 's');
  assert.ok(t.has('flops'));
  assert.deepEqual(objectivesOf([t.get('c10_valid')!, t.get('edgegpu_lat')!]), ['min:c10_valid', 'min:edgegpu_lat']);
});

test('constraints typed as metric<=value: checked against the offered metrics, one-line errors naming the bad part', () => {
  const metrics = ['c10_valid', 'edgegpu_lat', 'params'];
  assert.deepEqual(parseConstraintsInput('', metrics), { constraints: [] });
  assert.deepEqual(parseConstraintsInput(' edgegpu_lat <= 5 , params<1e6,', metrics), { constraints: ['edgegpu_lat<=5', 'params<1e6'] });
  assert.match((parseConstraintsInput('latency<=5', metrics) as { error: string }).error, /^'latency' in 'latency<=5' is not a metric of this estimator: expected one of c10_valid, edgegpu_lat, params$/);
  assert.match((parseConstraintsInput('edgegpu_lat=5', metrics) as { error: string }).error, /bad constraint 'edgegpu_lat=5': expected <metric><=<number>/);
  assert.match((parseConstraintsInput('params<=lots', metrics) as { error: string }).error, /'lots' is not a finite number/);
});

test('a budget past or near the space size is warned about; one well inside is not', () => {
  assert.equal(budgetWarning(100, '15625'), undefined);
  assert.match(budgetWarning(15_000, '15625') ?? '', /^A budget of 15,000 nearly exhausts the space's 15,625 architectures\.$/);
  assert.match(budgetWarning(20_000, '15625') ?? '', /covers the space's 15,625 architectures: the search ends when the space is exhausted/);
  // Degenerate cells are skipped, so fewer are searchable than the size says.
  assert.match(budgetWarning(9_000, '15625', '6000') ?? '', /nearly exhausts the 9,625 non-degenerate architectures of 15,625/);
  assert.match(budgetWarning(10_000, '15625', '6000') ?? '', /covers the 9,625 non-degenerate/);
  // Far past a float's integers, still exact.
  assert.equal(budgetWarning(10_000_000, '43046721000000000000000'), undefined);
  assert.match(budgetWarning(5, '5') ?? '', /covers/);
  assert.equal(budgetWarning(5, '0'), undefined);
});

test("the budget step's prompt says what the space holds, degenerate cells apart", () => {
  assert.equal(budgetPrompt('15625', '6180'), 'How many candidates to evaluate (the space has 15,625 architectures, 9,445 of them non-degenerate)');
  assert.equal(budgetPrompt('15625'), 'How many candidates to evaluate (the space has 15,625 architectures)');
  assert.equal(budgetPrompt('15625', '0'), 'How many candidates to evaluate (the space has 15,625 architectures)');
});

test("a predictor estimator is offered the space's runs with evaluated candidates to train on, newest first", () => {
  const run = (runId: string, createdAt: string, spaceName: string, spaceSize: string, evaluated: number) => ({ runDir: `/ws/.nas/runs/${runId}`, evaluated, info: { runId, createdAt, spaceName, spaceSize, settings: { strategy: 'evolution', objectives: ['max:c10_valid'] } } });
  const runs = [
    run('a', '2026-01-01', 'nas-bench-201', '15625', 100),
    run('b', '2026-02-01', 'nas-bench-201', '15625', 30),
    run('c', '2026-03-01', 'nas-bench-201', '15625', 0), // nothing evaluated to train on
    run('d', '2026-04-01', 'mobilenetv2', '15625', 50), // another space
    run('e', '2026-05-01', 'nas-bench-201', '9445', 50), // same name, another size
  ];
  const offered = predictorSourceRuns(runs, { name: 'nas-bench-201', size: '15625' });
  assert.deepEqual(offered.map((r) => r.info.runId), ['b', 'a']);
  assert.equal(predictorSourceLabel(offered[1]), 'run a · evolution, 100 evaluated, max:c10_valid');
  assert.deepEqual(predictorSourceRuns(runs, { name: 'darts', size: '1' }), []);
});
