import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activationPeakBytes, analyticCost } from '../../src/hardware/costModel';
import { GraphMaker, mobileNetV2Like, nasBench201Like, tinyConvNet, vggLike } from '../fixtures/data/graphs';

test('tiny conv net: params, MACs, FLOPs and activation memory by hand', () => {
  const cost = analyticCost(tinyConvNet([8, 8, 1], 3));
  // conv 3x3, 1 -> 4, bias: 36 + 4 = 40 params; 9 * 1 * 4 * 8 * 8 = 2304 MACs.
  // dense 4 -> 3, bias: 12 + 3 = 15 params; 12 MACs.
  assert.equal(cost.params, 55);
  assert.equal(cost.macs, 2316);
  assert.equal(cost.flops, 4632);
  // Alive together at worst: conv output (256 floats) and relu output (256) = 2048 bytes.
  assert.equal(cost.activationPeakBytes, 2048);
  // 64 + 256 + 256 + 4 + 3 + 3 floats.
  assert.equal(cost.activationTotalBytes, 586 * 4);
});

test('depthwise, batch norm, flatten and bias-free dense by hand', () => {
  const g = new GraphMaker([6, 6, 3], 5);
  let x = g.add('depthwiseConv2d', 'input', { kernel: 3, stride: 2, padding: 'same', useBias: false });
  x = g.add('batchNorm', x);
  x = g.add('relu6', x);
  x = g.add('flatten', x);
  x = g.add('dense', x, { units: 5, useBias: false });
  const cost = analyticCost(g.graph(x));
  // depthwise: 3*3*3 = 27 params, 9 * 3 * (3*3 outputs) = 243 MACs; BN 4*3 = 12; dense 27*5 = 135.
  assert.deepEqual(cost.nodes.map((n) => n.params), [0, 27, 12, 0, 0, 135]);
  assert.deepEqual(cost.nodes.map((n) => n.macs), [0, 243, 0, 0, 0, 135]);
  assert.equal(cost.flops, 2 * (243 + 135));
});

test('a residual keeps its input alive until the add', () => {
  const g = new GraphMaker([4, 4, 2], 2);
  const skip = g.add('identity', 'input');
  const a = g.add('conv2d', 'input', { kernel: 1, stride: 1, filters: 2, padding: 'same', useBias: false });
  const sum = g.add('add', [skip, a]);
  // input (32 floats, viewed by identity) + conv (32) + add (32) alive at the add.
  assert.equal(activationPeakBytes(g.graph(sum)), 96 * 4);
});

test('the analytic counts agree with an independent count on all three families', () => {
  for (const graph of [vggLike(), mobileNetV2Like(), nasBench201Like()]) {
    const cost = analyticCost(graph);
    assert.equal(cost.params, graph.params);
    assert.equal(cost.macs, graph.macs);
  }
});

test('a graph reading an unknown node or with a cycle is an error naming it', () => {
  const g = tinyConvNet();
  assert.throws(() => analyticCost({ ...g, nodes: g.nodes.map((n) => (n.op === 'relu' ? { ...n, inputs: ['ghost'] } : n)) }), /reads "ghost"/);
  const cyclic = { ...g, nodes: g.nodes.map((n) => (n.op === 'conv2d' ? { ...n, inputs: [g.output] } : n)) };
  assert.throws(() => analyticCost(cyclic), /cycle through/);
  const noKernel = { ...g, nodes: g.nodes.map((n) => (n.op === 'conv2d' ? { ...n, attrs: {} } : n)) };
  assert.throws(() => analyticCost(noKernel), /"l0\.conv2d0" \(conv2d\) needs a numeric attribute "kernel"/);
});
