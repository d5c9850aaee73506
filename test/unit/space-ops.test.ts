import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphBuilder } from '../../src/core/space/graphBuilder';
import { OPS } from '../../src/core/space/ops';
import { mobileNetV2Like, nasBench201Like, vggLike } from '../fixtures/data/graphs';

test('every op definition agrees with an independent count on all three families', () => {
  for (const graph of [vggLike(), mobileNetV2Like(), nasBench201Like()]) {
    const shapes = new Map(graph.nodes.map((n) => [n.id, n.shape]));
    for (const n of graph.nodes) {
      if (n.op === 'input') continue;
      const ins = n.inputs.map((id) => shapes.get(id)!);
      const def = OPS[n.op];
      const what = `${n.id} (${n.op})`;
      assert.deepEqual(def.shape(ins, n.attrs), n.shape, what);
      assert.equal(def.params(ins, n.shape, n.attrs), n.params, what);
      assert.equal(def.macs(ins, n.shape, n.attrs), n.macs, what);
    }
  }
});

test('depthwise, batch norm, flatten and dense by hand', () => {
  const g = new GraphBuilder([6, 6, 3], 5);
  const out = g.dense(g.flatten(g.act(g.batchNorm(g.depthwiseConv2d('n0', 3, 2)), 'relu6')), 5);
  const graph = g.finish(out);
  // depthwise: 3*3*3 = 27 params, 9 * 3 * (3*3 outputs) = 243 MACs; BN 4*3 = 12; dense 27*5 + 5 bias, 135 MACs.
  assert.deepEqual(graph.nodes.map((n) => n.params), [0, 27, 12, 0, 0, 140]);
  assert.deepEqual(graph.nodes.map((n) => n.macs), [0, 243, 0, 0, 0, 135]);
  assert.deepEqual(graph.nodes.map((n) => n.shape), [[6, 6, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3], [27], [5]]);
});

test('a shape an op cannot take is an error naming the layer', () => {
  const g = new GraphBuilder([4, 4, 1], 2);
  g.group = 'layers.3';
  const flat = g.flatten('n0');
  assert.throws(() => g.conv2d(flat, 2, 3, 1, false), /^SpaceError: layers\.3: a convolution needs a feature map, but its input is a flat vector of 16/);
  assert.throws(() => g.dense('n0', 2), /layers\.3: dense\(\) needs a flat vector/);
  assert.throws(() => g.pool('n0', 'maxPool', 5, 1), /layers\.3: a 5x5 pooling layer receives a 4x4 feature map/);
  // 'same' padding follows TensorFlow.js, ceil(in / stride): a stride past the map leaves 1x1.
  assert.deepEqual(g.shapeOf(g.conv2d('n0', 2, 3, 8, false)), [1, 1, 2]);
});
