// The estimator registry's pure side: names and patterns, settings checks, the catalog of a run,
// and run.json with and without a catalog.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directionByName, unitByName } from '../../src/core/estimate/catalog';
import { estimatorCatalog, estimatorSettings, parseEstimator, resolveEstimatorFile } from '../../src/core/estimate/estimators/index';
import { applySettings, describeRange } from '../../src/core/estimate/settings';
import { parseRunInfo } from '../../src/core/run/records';

test('estimator names and patterns are read against the registry, with one-line errors', () => {
  assert.deepEqual([parseEstimator('proxy').name, parseEstimator('proxy').argument], ['proxy', undefined]);
  assert.deepEqual([parseEstimator('table:/a/b.json').name, parseEstimator('table:/a/b.json').argument], ['table', '/a/b.json']);
  assert.equal(parseEstimator('table:C:\\x\\t.JSON').argument, 'C:\\x\\t.JSON');
  assert.throws(() => parseEstimator('oracle:x'), /^Error: unknown estimator 'oracle:x': expected table:<file.json>, proxy, zc\[:<proxies>\] or predictor:<family>$/);
  // An optional argument: zc alone, or the proxies it names.
  assert.deepEqual([parseEstimator('zc').name, parseEstimator('zc').argument, parseEstimator('zc:synflow').argument], ['zc', undefined, 'synflow']);
  assert.throws(() => parseEstimator('table:'), /estimator table:<file.json> needs its <file.json>, e.g. table:nb201.json/);
  assert.throws(() => parseEstimator('table:t.csv'), /needs a .json or .json.gz file, got 't.csv'/);
  assert.throws(() => parseEstimator('proxy:fast'), /estimator proxy takes no argument/);
  assert.equal(resolveEstimatorFile('table:t.json', (f) => `/ws/${f}`), 'table:/ws/t.json');
  assert.equal(resolveEstimatorFile('proxy', (f) => `/ws/${f}`), 'proxy');
  assert.equal(resolveEstimatorFile('magic', (f) => `/ws/${f}`), 'magic', 'left for parseEstimator to refuse');
});

test('settings: defaults, numeric text, ranges and unknown keys, checked in one place', () => {
  const proxy = estimatorSettings('proxy', { epochs: '3', optimizer: 'sgd' });
  assert.deepEqual([proxy.epochs, proxy.optimizer, proxy.subset], [3, 'sgd', 2000]);
  assert.deepEqual(estimatorSettings('table'), { epoch: 0 });
  assert.throws(() => estimatorSettings('table', { epochs: 1 }), /^Error: estimator table has no setting 'epochs' \(settings: epoch\)$/);
  const specs = { rate: { type: 'number', default: 0.5, min: 0, minExclusive: true, max: 1, description: 'r' } } as const;
  assert.equal(describeRange(specs.rate), 'a number in (0, 1]');
  assert.throws(() => applySettings('thing', specs, { rate: 0 }), /^Error: thing: setting rate must be a number in \(0, 1\], got 0$/);
  assert.equal(applySettings('thing', specs, { rate: undefined }).rate, 0.5);
});

test("a run's catalog: the estimator's own metrics, a table's columns by objective then by name, the analytic costs", () => {
  const proxy = estimatorCatalog('proxy', ['val_acc', 'latency_ms', 'params', 'activation_kb'], []);
  assert.deepEqual(proxy.map((m) => [m.name, m.direction, m.unit, m.cost]), [['val_acc', 'max', 'fraction', 'expensive'], ['latency_ms', 'min', 'ms', 'cheap'], ['params', 'min', 'parameters', 'free'], ['activation_kb', 'min', 'KiB', 'free']]);
  const table = estimatorCatalog('table', ['c10_valid', 'edgegpu_lat', 'fpga_energy', 'train_time_s', 'params'], [{ metric: 'fpga_energy', direction: 'max' }]);
  assert.deepEqual(table.map((m) => [m.name, m.direction, m.unit, m.cost]), [['c10_valid', 'max', '', 'cheap'], ['edgegpu_lat', 'min', '', 'cheap'], ['fpga_energy', 'max', '', 'cheap'], ['train_time_s', 'min', 's', 'cheap'], ['params', 'min', 'parameters', 'free']]);
  assert.deepEqual([directionByName('Latency'), directionByName('top1'), unitByName('size_MB')], ['min', 'max', 'MiB']);
});

test('run.json without a catalog (recorded before catalogs) still reads; a malformed catalog is refused naming the field', () => {
  const base = { runId: 'r', createdAt: 'now', toolVersion: '0', spaceFile: '/s', spaceHash: 'h', spaceName: 's', spaceSize: '10', settings: { strategy: 'random', budget: 1, seed: 0, estimator: 'proxy', objectives: ['max:val_acc'], constraints: [] } };
  assert.equal(parseRunInfo(JSON.stringify(base), 'run.json').catalog, undefined);
  const catalog = [{ name: 'val_acc', direction: 'max', unit: 'fraction', description: 'accuracy', cost: 'expensive' }];
  assert.deepEqual(parseRunInfo(JSON.stringify({ ...base, catalog }), 'run.json').catalog, catalog);
  assert.throws(() => parseRunInfo(JSON.stringify({ ...base, catalog: [{ ...catalog[0], direction: 'up' }] }), '/r/run.json'), /\/r\/run.json: .*catalog.*direction/);
});
