// A DARTS network built by TensorFlow.js from examples/darts.nasspace.ts: its parameter count is
// the graph's (and so the cost module's), per layer too, for DARTS_V2 and sampled genotypes; and
// a dilated convolution computes tf.depthwiseConv2d's dilated one (read at every other pixel for
// stride 2), in a whole DARTS network too (not the undilated one tf.layers.depthwiseConv2d
// computes), saved as model.json and loaded back; a zero-cost search and a proxy training of a
// DARTS-fashion network with dilated convolutions run.
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

for (const stride of [1, 2]) {
  test(`a stride-${stride} dilated depthwise convolution layer equals tf.depthwiseConv2d's dilated one read at every stride-th pixel`, () => {
    const g = new GraphBuilder([8, 8, 3], 2);
    const conv = g.node('depthwiseConv2d', ['n0'], { kernel: 3, stride, dilation: 2, padding: 'same', useBias: false });
    const graph = g.finish(conv);
    const { model, layerNameOf } = buildModelWithMap(graph, { seed: 3 });
    try {
      const layer = model.getLayer(layerNameOf.get(conv)!);
      const kernel = layer.getWeights()[0] as tf.Tensor4D;
      tf.tidy(() => {
        const x = tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
        const full = tf.depthwiseConv2d(x, kernel, 1, 'same', 'NHWC', 2);
        const expected = tf.stridedSlice(full, [0, 0, 0, 0], [1, 8, 8, 3], [1, stride, stride, 1]);
        const actual = model.predict(x) as tf.Tensor;
        assert.deepEqual(actual.shape, [1, 8 / stride, 8 / stride, 3]);
        assert.ok(tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0] < 1e-5);
      });
    } finally {
      model.dispose();
    }
  });
}

// dil_conv in normal (stride 1) and reduction (stride 2) cells, with input 0 so the stride applies.
const DILATED =
  'normal=[(dil_conv_3x3,0),(dil_conv_5x5,1),(sep_conv_3x3,0),(dil_conv_3x3,2),(skip_connect,0),(dil_conv_5x5,3),(skip_connect,1),(max_pool_3x3,4)],' +
  'reduce=[(dil_conv_5x5,0),(dil_conv_3x3,1),(max_pool_3x3,0),(dil_conv_3x3,2),(skip_connect,2),(avg_pool_3x3,3),(dil_conv_5x5,0),(skip_connect,4)]';

test('a DARTS-fashion network with dilated convolutions has its graph\'s parameters, computes dilated (not undilated) convolutions and round-trips through model.json', async () => {
  const { space } = await loadSpaceFile(path.join(root, 'examples', 'darts-fashion.nasspace.ts'));
  const graph = space.decode(space.fromKey(DILATED));
  const dilated = graph.nodes.filter((n) => n.op === 'depthwiseConv2d' && n.attrs.dilation === 2);
  assert.ok(dilated.some((n) => n.attrs.stride === 2) && dilated.some((n) => (n.attrs.stride ?? 1) === 1), 'dilated convolutions at strides 1 and 2');
  // The same graph with dilation 1 at stride 1 (where tf.layers.depthwiseConv2d dropped it): the
  // same weights (same seeds, same shapes), and the outputs differ only if the dilation is applied.
  const undilatedGraph = { ...graph, nodes: graph.nodes.map((n) => n.attrs.dilation === 2 && (n.attrs.stride ?? 1) === 1 ? { ...n, attrs: { ...n.attrs, dilation: 1 } } : n) };
  const built = buildModelWithMap(graph, { seed: 2 });
  const undilated = buildModelWithMap(undilatedGraph, { seed: 2 });
  try {
    assert.equal(built.model.countParams(), graph.params);
    for (const node of dilated) assert.equal(built.model.getLayer(built.layerNameOf.get(node.id)!).countParams(), node.params, node.id);
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 11);
    const out = built.model.predict(x) as tf.Tensor;
    const plain = undilated.model.predict(x) as tf.Tensor;
    assert.ok(tf.max(tf.abs(tf.sub(out, plain))).dataSync()[0] > 1e-3, 'the dilated network computes another function than the undilated one');
    let saved: tf.io.ModelArtifacts | undefined;
    await built.model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    assert.equal(loaded.countParams(), graph.params);
    assert.ok(tf.max(tf.abs(tf.sub(loaded.predict(x) as tf.Tensor, out))).dataSync()[0] < 1e-5, 'the loaded model computes what the saved one did');
    loaded.dispose();
    tf.dispose([x, out, plain]);
  } finally {
    built.model.dispose();
    undilated.model.dispose();
  }
});
