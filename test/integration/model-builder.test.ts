import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureGraph } from '../../src/core/space/types';
import { buildModel, buildModelWithMap, refuseIfTooLarge } from '../../src/train/modelBuilder';
import { mobileNetV2Like, nasBench201Like, tinyConvNet, vggLike } from '../fixtures/data/graphs';

before(async () => {
  await tf.setBackend('cpu');
});

function checkCounts(graph: ArchitectureGraph): tf.LayersModel {
  const { model, layerNameOf } = buildModelWithMap(graph, { seed: 1 });
  assert.equal(model.countParams(), graph.params);
  for (const node of graph.nodes) {
    const name = layerNameOf.get(node.id);
    const layerParams = name ? model.getLayer(name).countParams() : 0;
    assert.equal(layerParams, node.params, `node ${node.id} (${node.op})`);
  }
  const out = graph.nodes.find((n) => n.id === graph.output)!;
  assert.deepEqual(model.outputs[0].shape.slice(1), out.shape);
  return model;
}

test('VGG-like chain: params equal the graph, per node', () => {
  const model = checkCounts(vggLike());
  tf.tidy(() => {
    const y = model.predict(tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 3)) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 10]);
    const sums = y.sum(1).arraySync() as number[];
    sums.forEach((s) => assert.ok(Math.abs(s - 1) < 1e-5));
  });
  model.dispose();
});

test('MobileNetV2 inverted residuals with and without residual: params equal the graph, per node', () => {
  const graph = mobileNetV2Like();
  const residualGroups = new Set(graph.nodes.filter((n) => n.op === 'add').map((n) => n.group));
  assert.deepEqual([...residualGroups], ['stages.0.blocks.0', 'stages.0.blocks.1', 'stages.1.blocks.1'], 'the stride-2 block has no residual');
  checkCounts(graph).dispose();
});

test('NAS-Bench-201 cell DAG with none/skip/conv1x1/conv3x3/avgpool and a ResNet reduction block', () => {
  const model = checkCounts(nasBench201Like());
  tf.tidy(() => {
    const y = model.predict(tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 4)) as tf.Tensor;
    assert.deepEqual(y.shape, [1, 10]);
  });
  model.dispose();
});

test('a cell whose edges are all `none` outputs zeros through the zeros layer', () => {
  const graph = nasBench201Like(['none', 'none', 'none', 'none', 'none', 'none']);
  const { model, layerNameOf } = buildModelWithMap(graph, { seed: 2 });
  const cellOut = graph.nodes.find((n) => n.group === 'cells.0.node3' && n.op === 'add')!;
  const probe = tf.model({ inputs: model.inputs, outputs: model.getLayer(layerNameOf.get(cellOut.id)!).output as tf.SymbolicTensor });
  tf.tidy(() => {
    const v = (probe.predict(tf.ones([1, 28, 28, 1])) as tf.Tensor).abs().max().dataSync()[0];
    assert.equal(v, 0);
  });
  model.dispose();
});

test('a model with the custom zeros layer saves as model.json + weights and loads back with the same output', async () => {
  const model = buildModel(nasBench201Like(), { seed: 5 });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  assert.ok(JSON.stringify(artifacts!.modelTopology).includes('NasZeros'));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 6);
  const a = model.predict(x) as tf.Tensor;
  const b = loaded.predict(x) as tf.Tensor;
  assert.ok(a.sub(b).abs().max().dataSync()[0] < 1e-6);
  tf.dispose([x, a, b]);
  model.dispose();
  loaded.dispose();
});

test('the same seed gives the same initial weights, another seed different ones', () => {
  const weights = (seed: number) => {
    const m = buildModel(mobileNetV2Like(), { seed });
    const w = m.getWeights().map((t) => Array.from(t.dataSync()));
    m.dispose();
    return w;
  };
  assert.deepEqual(weights(7), weights(7));
  assert.notDeepEqual(weights(7), weights(8));
});

test('width multiplier scales conv filters and hidden dense units but not the classifier', () => {
  const graph = vggLike();
  const half = buildModel(graph, { widthMultiplier: 0.5 });
  assert.ok(half.countParams() < graph.params);
  assert.deepEqual(half.outputs[0].shape, [null, 10]);
  half.dispose();
  const wide = buildModel(mobileNetV2Like(), { widthMultiplier: 2 });
  assert.ok(wide.countParams() > mobileNetV2Like().params);
  wide.dispose();
  assert.throws(() => buildModel(graph, { widthMultiplier: 0 }), /widthMultiplier must be > 0/);
});

test('inconsistent graphs are refused with the node named', () => {
  const g = tinyConvNet();
  const wrongShape = { ...g, nodes: g.nodes.map((n) => (n.op === 'conv2d' ? { ...n, shape: [7, 7, 4] } : n)) };
  assert.throws(() => buildModel(wrongShape), /node "l0\.conv2d0" \(conv2d\) declares shape \[7, 7, 4\] but its layer outputs \[8, 8, 4\]/);
  const dangling = { ...g, nodes: g.nodes.map((n) => (n.op === 'relu' ? { ...n, inputs: ['ghost'] } : n)) };
  assert.throws(() => buildModel(dangling), /reads "ghost", which is not a node/);
  const noKernel = { ...g, nodes: g.nodes.map((n) => (n.op === 'conv2d' ? { ...n, attrs: { filters: 4 } } : n)) };
  assert.throws(() => buildModel(noKernel), /needs a numeric "kernel"/);
  assert.throws(() => buildModel({ ...g, output: 'nowhere' }), /output "nowhere"/);
});

test('too-large models are refused before building, with the estimate and the budget', () => {
  assert.equal(refuseIfTooLarge(tinyConvNet(), 1e9, 8), undefined);
  const reason = refuseIfTooLarge(mobileNetV2Like(), 100_000, 64);
  assert.match(reason ?? '', /over the memory budget of 0\.1 MB/);
});
