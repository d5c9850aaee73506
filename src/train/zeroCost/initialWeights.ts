// The weights a training of the candidate would start from: buildModel's initialisers under the
// same seed, copied out of the built model (which is then disposed) by graph node.
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureGraph } from '../../core/space/types';
import { buildModelWithMap } from '../modelBuilder';
import type { NodeWeights } from './graphForward';

/** The caller disposes the tensors (disposeWeights). */
export function initialWeights(graph: ArchitectureGraph, seed: number): Map<string, tf.Tensor[]> {
  const { model, layerNameOf } = buildModelWithMap(graph, { seed });
  try {
    const weights = new Map<string, tf.Tensor[]>();
    for (const [node, layer] of layerNameOf) {
      const held = model.getLayer(layer).getWeights();
      if (held.length) weights.set(node, held.map((t) => t.clone()));
    }
    return weights;
  } finally {
    model.dispose();
  }
}

export function disposeWeights(weights: NodeWeights): void {
  for (const ts of weights.values()) tf.dispose([...ts]);
}
