import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConstraint, parseObjective } from '../../src/core/search/objectives';
import { withCostGate } from '../../src/hardware/costGate';
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
