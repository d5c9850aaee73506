import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConstraint, parseObjective } from '../../src/core/search/objectives';
import { withCostGate } from '../../src/hardware/costGate';
import { profileLatency } from '../../src/hardware/deviceLatency';
import { emptyProfile } from '../../src/hardware/deviceProfile';
import { unitsOf } from '../../src/hardware/opUnits';
import { tinyConvNet } from '../fixtures/data/graphs';
import { ToyEstimator } from './helpers/toyEstimator';

test('candidates are decoded only for an estimator that needs the graph or an analytic objective or constraint', () => {
  const acc = [parseObjective('max:acc')];
  assert.equal(withCostGate(new ToyEstimator(), acc, []).needsGraph, false);
  assert.equal(withCostGate(new ToyEstimator(), acc, [parseConstraint('lat<=3')]).needsGraph, false);
  assert.equal(withCostGate(new ToyEstimator(), [...acc, parseObjective('min:flops')], []).needsGraph, true);
  assert.equal(withCostGate(new ToyEstimator(), acc, [parseConstraint('activation_kb<=10')]).needsGraph, true);
  const graphUser = Object.assign(new ToyEstimator(), { needsGraph: true });
  assert.equal(withCostGate(graphUser, acc, []).needsGraph, true);
});

test('a candidate whose analytic cost breaks a constraint is rejected without being evaluated; the others get the analytic metrics', async () => {
  const graph = tinyConvNet();
  const inner = new ToyEstimator();
  const tight = withCostGate(inner, [parseObjective('max:acc')], [parseConstraint(`params<=${graph.params - 1}`)]);
  const rejected = await tight.evaluate({ key: 'a', encoding: [0], graph });
  assert.equal(rejected.status, 'rejected');
  assert.match(rejected.error ?? '', new RegExp(`breaks params<=${graph.params - 1} \\(params ${graph.params}\\); not evaluated`));
  assert.equal(inner.calls.size, 0);
  const loose = withCostGate(inner, [parseObjective('max:acc')], [parseConstraint(`params<=${graph.params}`)]);
  const ok = await loose.evaluate({ key: 'a', encoding: [0], graph });
  assert.equal(ok.metrics.flops, 2 * graph.macs);
  assert.ok(ok.metrics.activation_kb > 0);
  assert.equal(inner.calls.get('a'), 1);
});

test('latency_ms@<device> is a metric of every candidate; over a latency constraint it is rejected before training, and a partial prediction is never a pass', async () => {
  const graph = tinyConvNet();
  const full = emptyProfile('pi4', 'tflite', '', 'measurements');
  for (const u of unitsOf(graph)) full.table[u.signature] = 1;
  const lacking = emptyProfile('phone', 'tflite', '', 'measurements');
  const devices = [profileLatency(full), profileLatency(lacking)];
  const inner = new ToyEstimator();
  const acc = [parseObjective('max:acc')];
  const open = withCostGate(inner, acc, [], devices);
  assert.equal(open.needsGraph, true, 'a run naming devices decodes every candidate');
  assert.ok(open.metricNames().includes('latency_ms@pi4') && open.metricNames().includes('latency_ms@phone'));
  const ok = await open.evaluate({ key: 'a', encoding: [0], graph });
  assert.equal(ok.metrics['latency_ms@pi4'], unitsOf(graph).length);
  assert.equal(ok.metrics['latency_ms@phone'], undefined, 'a partial prediction is not a number');
  assert.match(String((ok.details?.latencyPartial as Record<string, string>)['latency_ms@phone']), /the profile of phone lacks \d+ operators of this candidate/);
  const tight = await withCostGate(inner, acc, [parseConstraint('latency_ms@pi4<=1')], devices).evaluate({ key: 'b', encoding: [0], graph });
  assert.equal(tight.status, 'rejected');
  assert.match(tight.error ?? '', /breaks latency_ms@pi4<=1 \(latency_ms@pi4 \d+\); not evaluated/);
  const unknown = await withCostGate(inner, acc, [parseConstraint('latency_ms@phone<=1000')], devices).evaluate({ key: 'c', encoding: [0], graph });
  assert.equal(unknown.status, 'rejected');
  assert.match(unknown.error ?? '', /latency_ms@phone unknown: the profile of phone lacks/);
  assert.equal(inner.calls.has('b') || inner.calls.has('c'), false);
});

test('memory costs are analytic metrics a constraint can gate on', async () => {
  const graph = tinyConvNet();
  const r = await withCostGate(new ToyEstimator(), [parseObjective('max:acc')], [parseConstraint('weights_int8_kb<=0.001')]).evaluate({ key: 'a', encoding: [0], graph });
  assert.equal(r.status, 'rejected');
  assert.equal(r.metrics.weights_f32_kb, 4 * r.metrics.weights_int8_kb);
  assert.ok(r.metrics.train_mem_mb > 0);
});
