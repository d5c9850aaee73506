// The panel's "predicted, not evaluated" layer: placed at predicted means (±1 std bars) on
// predicted axes and at cheap values on cheap axes, without the candidates evaluated since, and
// never part of the front, the progress chart or the evaluated count; and its message validator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PredictedRecord } from '../../src/core/run/predictedLog';
import type { CandidateRecord } from '../../src/core/run/types';
import { check } from '../../src/core/validate';
import { hostSideForWebview, panelStateValidator, type RunView } from '../../src/protocol/webviewProtocol';
import { predictionText } from '../../webview/predictedLayer';
import { RunModel } from '../../webview/runModel';

const rec = (index: number, metrics: Record<string, number>): CandidateRecord => ({ index, key: `k${index}`, encoding: [index], status: 'ok', metrics, startedAt: 0, durationMs: 1 });
const predicted = (key: string, acc: number, std: number, metrics: Record<string, number> | null, fittedOn = 12): PredictedRecord => ({ key, encoding: [9], predicted: { acc: { mean: acc, std } }, metrics, family: 'trees', fittedOn, evaluated: fittedOn });

function model(candidates: CandidateRecord[]): RunModel {
  const view: RunView = {
    runId: 'r', runDir: '/r', status: 'running', candidates,
    info: { runId: 'r', createdAt: 'now', toolVersion: '0', spaceFile: '/s', spaceHash: 'h', spaceName: 's', spaceSize: '10', settings: { strategy: 'predictor-guided', budget: 10, seed: 0, estimator: 'table:t.json', objectives: ['max:acc'], constraints: [], cheap: ['zc'] } },
  };
  return new RunModel(view);
}

test('predicted points: the mean and its spread on a predicted axis, the value itself on a cheap one; unplaceable ones counted', () => {
  const m = model([rec(0, { acc: 90, lat: 5 })]);
  m.predicted.add([predicted('p1', 91.2, 0.4, { lat: 3 }), predicted('p2', 89, 1.5, null), predicted('p3', 92, 0.2, { lat: 7, synflow: 40 })]);
  const layer = m.predicted.points('lat', 'acc');
  assert.equal(layer.count, 3);
  assert.equal(layer.missing, 1, 'p2 has no latency');
  assert.deepEqual(layer.points.keys, ['p1', 'p3']);
  assert.deepEqual(layer.points.xs, [3, 7]);
  assert.deepEqual(layer.points.ys, [91.2, 92]);
  assert.deepEqual(layer.points.xErr, [0, 0], 'a cheap metric is exact');
  assert.deepEqual(layer.points.yErr, [0.4, 0.2]);
  assert.deepEqual(m.predicted.points('synflow', 'lat').points.keys, ['p3'], 'two cheap axes: no prediction needed');
});

test('a predicted candidate that is evaluated later leaves the layer; predictions never reach the front, the progress or the count', () => {
  const m = model([rec(0, { acc: 90, lat: 5 })]);
  m.predicted.add([predicted('k1', 99, 0.1, { lat: 1 }), predicted('p', 98, 0.1, { lat: 1 })]);
  assert.equal(m.predicted.points('lat', 'acc').count, 2);
  const before = m.scatter('lat', 'acc');
  assert.deepEqual(before.front.keys, ['k0'], 'a better prediction is not on the front');
  m.append([rec(1, { acc: 80, lat: 2 })]);
  assert.deepEqual(m.predicted.points('lat', 'acc').points.keys, ['p']);
  assert.equal(m.predicted.get('k1'), undefined, 'evaluated: its hover is the record');
  assert.equal(m.records.length, 2);
  assert.deepEqual(m.progressSeries().best, [90, 90]);
  assert.deepEqual([...m.paretoKeys()], ['k0'], 'one objective: the best evaluated');
});

test('a newer prediction of a key replaces the older one', () => {
  const m = model([]);
  m.predicted.add([predicted('p', 90, 1, { lat: 1 }, 10)]);
  m.predicted.add([predicted('p', 91, 0.5, { lat: 1 }, 20)]);
  const layer = m.predicted.points('lat', 'acc');
  assert.deepEqual([layer.count, layer.points.ys, layer.points.yErr], [1, [91], [0.5]]);
  assert.equal(m.predicted.get('p')?.fittedOn, 20);
});

test('the hover text says which predictor, from how many, the mean with its spread, and that it was not evaluated', () => {
  assert.equal(predictionText(predicted('p', 91.234, 0.4123, null, 12)), 'predicted by trees from 12 evaluated: acc 91.23 ± 0.41 (not evaluated)');
  const two: PredictedRecord = { ...predicted('p', 0.5, 0, null, 1500), family: 'gp', predicted: { acc: { mean: 0.5, std: 0 }, lat: { mean: 3.25, std: 1.25 } } };
  assert.equal(predictionText(two), 'predicted by gp from 1,500 evaluated: acc 0.5000 ± 0, lat 3.250 ± 1.3 (not evaluated)');
});

test('the panel message of predictions is validated: a malformed record is refused, the toggle is part of the saved state', () => {
  const ok = check(hostSideForWebview.events.predicted, { runId: 'r', records: [predicted('p', 1, 0.1, { lat: 2 })] });
  assert.ok(ok.ok);
  const bad = check(hostSideForWebview.events.predicted, { runId: 'r', records: [{ ...predicted('p', 1, 0.1, null), predicted: { acc: { mean: 'high', std: 0 } } }] });
  assert.ok(!bad.ok && /predicted\.acc\.mean/.test(bad.error), bad.ok ? '' : bad.error);
  assert.ok(!check(hostSideForWebview.events.predicted, { runId: 'r', records: [{ ...predicted('p', 1, 0.1, null), metrics: 3 }] }).ok);
  assert.deepEqual(check(panelStateValidator, { showPredicted: false }), { ok: true, value: { showPredicted: false } });
});
