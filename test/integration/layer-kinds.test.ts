// Driven by the layer registry: every layer kind's examples decode, and each decoded node's
// shape, parameters and multiply-adds are what TensorFlow.js builds for it; the cost module's
// totals agree with the graph. A new kind is covered by adding it to the registry.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { defineSpace } from '../../src/core/space/dsl';
import { compileSpace } from '../../src/core/space/compile';
import { LAYER_KINDS, type Layer, type LayerType } from '../../src/core/space/layers';
import { OPS } from '../../src/core/space/ops';
import { CompiledSearchSpace } from '../../src/core/space/space';
import type { ArchitectureGraph, OpKind } from '../../src/core/space/types';
import { analyticCost } from '../../src/hardware/costModel';
import { buildModelWithMap } from '../../src/train/modelBuilder';

before(async () => {
  await tf.setBackend('cpu');
});

/** Architectures checked per example: spread over the ranks, first and last included. */
const PER_EXAMPLE = 12;

/** Multiply-adds of one sample as TensorFlow.js's layer has them: its kernel's size, per output position for convolutions. */
function tfMacs(layer: tf.layers.Layer): number {
  const kernel = layer.weights.find((w) => /kernel/.test(w.originalName))?.shape;
  if (!kernel) return 0;
  // Weights have fully known shapes.
  const size = tf.util.sizeFromShape(kernel as number[]);
  const out = (layer.output as tf.SymbolicTensor).shape;
  return out.length === 4 ? size * out[1]! * out[2]! : size;
}

function checkAgainstTensorFlow(graph: ArchitectureGraph, what: string): void {
  const { model, layerNameOf } = buildModelWithMap(graph, { seed: 1 });
  try {
    let macs = 0;
    for (const node of graph.nodes) {
      const name = layerNameOf.get(node.id);
      const layer = name ? model.getLayer(name) : undefined;
      const where = `${what}: node ${node.id} (${node.op}) of ${node.group}`;
      assert.equal(layer ? layer.countParams() : 0, node.params, `${where}: params`);
      assert.equal(layer ? tfMacs(layer) : 0, node.macs, `${where}: multiply-adds`);
      if (layer) assert.deepEqual((layer.output as tf.SymbolicTensor).shape.slice(1), node.shape, `${where}: shape`);
      macs += node.macs;
    }
    const cost = analyticCost(graph);
    assert.equal(cost.params, model.countParams(), `${what}: total params`);
    assert.equal(cost.params, graph.params, `${what}: cost module params`);
    assert.equal(cost.macs, graph.macs, `${what}: cost module multiply-adds`);
    assert.equal(cost.macs, macs, `${what}: multiply-adds sum`);
  } finally {
    model.dispose();
  }
}

function exampleSpace(type: LayerType, k: number, layers: Layer[]): CompiledSearchSpace {
  return new CompiledSearchSpace(defineSpace({ name: `${type}-example-${k}`, input: { shape: [8, 8, 3], classes: 3 }, layers }));
}

const seenOps = new Set<OpKind>();

for (const [type, kind] of Object.entries(LAYER_KINDS) as [LayerType, (typeof LAYER_KINDS)[LayerType]][]) {
  test(`layer kind ${type}: its examples decode to what TensorFlow.js builds (shapes, params, multiply-adds)`, () => {
    const examples = kind.examples();
    assert.ok(examples.length > 0, `${type} has no examples`);
    examples.forEach((layers, k) => {
      assert.ok(layers.some((l) => l.type === type), `${type} example ${k} does not use ${type}`);
      const space = exampleSpace(type, k, layers);
      const n = space.size < BigInt(PER_EXAMPLE) ? space.size : BigInt(PER_EXAMPLE);
      const keys = new Set<string>();
      for (let i = 0n; i < n; i++) {
        const arch = space.unrank(n === 1n ? 0n : (i * (space.size - 1n)) / (n - 1n));
        const graph = space.decode(arch);
        keys.add(space.key(arch));
        assert.deepEqual(space.decode(arch), graph, 'decoding is deterministic');
        graph.nodes.forEach((node) => seenOps.add(node.op));
        checkAgainstTensorFlow(graph, `${type} example ${k}, ${space.key(arch)}`);
      }
      assert.equal(keys.size, Number(n), 'distinct architectures decode from distinct keys');
    });
  });
}

test('the examples of all layer kinds together emit every graph op', () => {
  const missing = (Object.keys(OPS) as OpKind[]).filter((op) => !seenOps.has(op));
  assert.deepEqual(missing, [], 'an op no layer example emits is not checked against TensorFlow.js');
});

test('a layer of a type the registry lacks is a one-line error naming its place', () => {
  for (const type of ['warp', 'toString']) {
    const space = defineSpace({ name: 'x', input: { shape: [8, 8, 3], classes: 3 }, layers: [{ kind: 'layer', type, spec: {} } as unknown as Layer] });
    assert.throws(() => compileSpace(space), new RegExp(`^SpaceError: layers\\.0: unknown layer type "${type}"$`));
  }
});
