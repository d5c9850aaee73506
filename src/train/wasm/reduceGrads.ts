/**
 * Gradients of Sum and Mean without TensorFlow.js's full-size array of ones: its gradients
 * compute dy * ones(x.shape) (/ n), and `ones` is filled in JavaScript and uploaded on every call
 * (~11% of a small-net training step's CPU time, the batch-norm statistics being Means).
 * Broadcasting dy is a Tile, which on wasm is our memcpy-speed kernel (tile.ts).
 * The gradient registry is global: on other backends the original gradients run.
 */
import * as tf from '@tensorflow/tfjs';
import { singleInputGradConfig } from './gradients';

function broadcastGrad(dy: tf.Tensor, x: tf.Tensor, axis: number | number[], mean: boolean): tf.Tensor {
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const reps = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
  let reduced = 1;
  for (const a of axes) reduced *= x.shape[a];
  return tf.tidy(() => {
    const kept = tf.reshape(dy, keptShape);
    const scaled = mean ? tf.div(kept, reduced) : kept;
    return tf.tile(scaled, reps);
  });
}

function makeConfig(kernelName: 'Sum' | 'Mean'): tf.GradConfig {
  return singleInputGradConfig(kernelName, (dy, x, attrs) => broadcastGrad(dy, x, (attrs as unknown as tf.SumAttrs).axis, kernelName === 'Mean'));
}

export function makeReduceGradConfigs(): tf.GradConfig[] {
  return (['Sum', 'Mean'] as const).map(makeConfig);
}
