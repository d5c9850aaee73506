import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activationPeakBytes, analyticCost, analyticMetrics, flopsOf, trainingMemoryBytes } from '../../src/hardware/costModel';
import { GraphMaker, mobileNetV2Like, tinyConvNet } from '../fixtures/data/graphs';

test('tiny conv net: params, MACs, FLOPs and activation memory by hand', () => {
  const cost = analyticCost(tinyConvNet([8, 8, 1], 3));
  // conv 3x3, 1 -> 4, bias: 36 + 4 = 40 params; 9 * 1 * 4 * 8 * 8 = 2304 MACs.
  // dense 4 -> 3, bias: 12 + 3 = 15 params; 12 MACs.
  assert.equal(cost.params, 55);
  assert.equal(cost.macs, 2316);
  assert.equal(cost.flops, 4632);
  assert.equal(flopsOf(cost.macs), cost.flops);
  // Alive together at worst: conv output (256 floats) and relu output (256) = 2048 bytes.
  assert.equal(cost.activationPeakBytes, 2048);
  const graph = tinyConvNet([8, 8, 1], 3);
  assert.deepEqual(analyticMetrics(graph), { params: 55, flops: 4632, activation_kb: 2, weights_f32_kb: (55 * 4) / 1024, weights_int8_kb: 55 / 1024, train_mem_mb: trainingMemoryBytes(graph, 64) / 1024 ** 2 });
});

test('training memory: params x 4 copies + activations x batch x 2, float32; identity is a view, dropout and flatten are not', () => {
  const g = tinyConvNet();
  // Activations: input 64 + conv 256 + relu 256 + gap 4 + dense 3 + softmax 3 = 586 floats.
  assert.equal(g.params, 3 * 3 * 1 * 4 + 4 + 4 * 3 + 3);
  assert.equal(trainingMemoryBytes(g, 8), 4 * (4 * g.params + 2 * 8 * 586));
  const m = new GraphMaker([2, 2, 1], 2);
  const out = m.add('dropout', m.add('flatten', m.add('identity', 'input')), { rate: 0.5 });
  // input 4 + flatten 4 + dropout 4 floats; the identity adds nothing.
  assert.equal(trainingMemoryBytes(m.graph(out), 1), 4 * 2 * 12);
  // At inference all three read the input's buffer.
  assert.equal(activationPeakBytes(m.graph(out)), 16);
});

test('a residual keeps its input alive until the add', () => {
  const g = new GraphMaker([4, 4, 2], 2);
  const skip = g.add('identity', 'input');
  const a = g.add('conv2d', 'input', { kernel: 1, stride: 1, filters: 2, padding: 'same', useBias: false });
  const sum = g.add('add', [skip, a]);
  // input (32 floats, viewed by identity) + conv (32) + add (32) alive at the add.
  assert.equal(activationPeakBytes(g.graph(sum)), 96 * 4);
});

test('totals are the sums of what the nodes carry', () => {
  const graph = mobileNetV2Like();
  const cost = analyticCost(graph);
  assert.equal(cost.params, graph.nodes.reduce((a, n) => a + n.params, 0));
  assert.equal(cost.macs, graph.macs);
});

test('a graph reading an unknown node or with a cycle is an error naming it', () => {
  const g = tinyConvNet();
  assert.throws(() => analyticCost({ ...g, nodes: g.nodes.map((n) => (n.op === 'relu' ? { ...n, inputs: ['ghost'] } : n)) }), /reads "ghost"/);
  const cyclic = { ...g, nodes: g.nodes.map((n) => (n.op === 'conv2d' ? { ...n, inputs: [g.output] } : n)) };
  assert.throws(() => analyticCost(cyclic), /cycle through/);
});
