// A DARTS network built by TensorFlow.js from examples/darts.nasspace.ts: its parameter count is
// the graph's (and so the cost module's), per layer too, for DARTS_V2 and sampled genotypes; and
// a stride-2 dilated convolution (built as subsample-then-convolve) computes what a dilated
// convolution read at every other pixel computes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng';
import { GraphBuilder } from '../../src/core/space/graphBuilder';
import { analyticCost } from '../../src/hardware/costModel';
import { buildModelWithMap } from '../../src/train/modelBuilder';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const root = path.resolve(__dirname, '..', '..', '..');
const DARTS_V2 =
  'normal=[(sep_conv_3x3,0),(sep_conv_3x3,1),(sep_conv_3x3,0),(sep_conv_3x3,1),(skip_connect,0),(sep_conv_3x3,1),(skip_connect,0),(skip_connect,2)],' +
  'reduce=[(max_pool_3x3,0),(max_pool_3x3,1),(max_pool_3x3,1),(skip_connect,2),(max_pool_3x3,0),(skip_connect,2),(max_pool_3x3,1),(skip_connect,2)]';

before(async () => {
  await tf.setBackend('cpu');
});

test('a built DARTS model has the parameter count of its graph (DARTS_V2 and sampled genotypes)', async () => {
  const { space } = await loadSpaceFile(path.join(root, 'examples', 'darts.nasspace.ts'));
  const rng = new Rng(4);
  for (const arch of [space.fromKey(DARTS_V2), space.sample(rng), space.sample(rng)]) {
    const graph = space.decode(arch);
    const { model, layerNameOf } = buildModelWithMap(graph, { seed: 1 });
    try {
      assert.equal(model.countParams(), graph.params, space.key(arch));
      assert.equal(analyticCost(graph).params, graph.params);
      for (const node of graph.nodes) {
        const name = layerNameOf.get(node.id);
        assert.equal(name ? model.getLayer(name).countParams() : 0, node.params, `node ${node.id} (${node.op})`);
      }
      assert.deepEqual(model.outputs[0].shape, [null, 10]);
    } finally {
      model.dispose();
    }
  }
});

test('a stride-2 dilated depthwise convolution equals the dilated convolution read at every other pixel', () => {
  const g = new GraphBuilder([8, 8, 3], 2);
  const strided = g.node('depthwiseConv2d', ['n0'], { kernel: 3, stride: 2, dilation: 2, padding: 'same', useBias: false });
  const graph = g.finish(strided);
  const { model, layerNameOf } = buildModelWithMap(graph, { seed: 3 });
  try {
    const layer = model.getLayer(layerNameOf.get(strided)!);
    const kernel = layer.getWeights()[0] as tf.Tensor4D;
    tf.tidy(() => {
      const x = tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
      const full = tf.depthwiseConv2d(x, kernel, 1, 'same', 'NHWC', 2);
      const expected = tf.stridedSlice(full, [0, 0, 0, 0], [1, 8, 8, 3], [1, 2, 2, 1]);
      const actual = model.predict(x) as tf.Tensor;
      assert.deepEqual(actual.shape, [1, 4, 4, 3]);
      assert.ok(tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0] < 1e-5);
    });
  } finally {
    model.dispose();
  }
});
