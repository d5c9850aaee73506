// Builds a benchmark network (./networks.ts) with tf.layers, the way a user's model is built.
import * as tf from '@tensorflow/tfjs';
import { hasResidual, NetworkSpec } from './networks';

function convBn(x: tf.SymbolicTensor, filters: number, kernel: number, stride: number, relu6: boolean): tf.SymbolicTensor {
  let y = tf.layers.conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
  return relu6 ? tf.layers.reLU({ maxValue: 6 }).apply(y) as tf.SymbolicTensor : y;
}

export function buildModel(spec: NetworkSpec): tf.LayersModel {
  const input = tf.input({ shape: spec.input });
  let x = convBn(input, spec.stem.filters, spec.stem.kernel, spec.stem.stride, true);
  let width = spec.stem.filters;
  for (const b of spec.blocks) {
    let y = b.expand === 1 ? x : convBn(x, width * b.expand, 1, 1, true);
    y = tf.layers.depthwiseConv2d({ kernelSize: b.kernel, strides: b.stride, padding: 'same', useBias: false }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
    y = tf.layers.reLU({ maxValue: 6 }).apply(y) as tf.SymbolicTensor;
    y = convBn(y, b.filters, 1, 1, false);
    x = hasResidual(width, b) ? tf.layers.add().apply([x, y]) as tf.SymbolicTensor : y;
    width = b.filters;
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: spec.classes, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}
