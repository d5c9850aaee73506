// dilatedDepthwiseConv2d on the cpu and wasm backends (with our training kernels): its forward
// pass is tf.depthwiseConv2d's dilated one (read at every stride-th pixel for a stride), and its
// gradients wrt input and kernel are the finite differences of that forward pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/train/backend';
import { dilatedDepthwiseConv2d } from '../../src/train/dilatedDepthwise';

const BACKENDS = ['cpu', 'wasm'] as const;
// [height, width]: odd and even, together and apart.
const SIZES: Array<[number, number]> = [[9, 10], [12, 11]];

function reference(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number, dilation: number, pad: 'same' | 'valid'): tf.Tensor4D {
  const full = tf.depthwiseConv2d(x, kernel, 1, pad, 'NHWC', dilation);
  return tf.stridedSlice(full, [0, 0, 0, 0], full.shape, [1, stride, stride, 1]) as tf.Tensor4D;
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];

for (const backend of BACKENDS) {
  test(`dilatedDepthwiseConv2d equals tf.depthwiseConv2d's dilated forward pass (${backend})`, async () => {
    await selectBackend({ force: backend });
    let cases = 0;
    for (const [h, w] of SIZES) for (const kernelSize of [3, 5]) for (const stride of [1, 2, 3]) for (const pad of ['same', 'valid'] as const) {
      tf.tidy(() => {
        const x = tf.randomUniform([2, h, w, 3], -1, 1, 'float32', h * w) as tf.Tensor4D;
        const kernel = tf.randomUniform([kernelSize, kernelSize, 3, 1], -1, 1, 'float32', kernelSize) as tf.Tensor4D;
        const expected = reference(x, kernel, stride, 2, pad);
        const actual = dilatedDepthwiseConv2d(x, kernel, stride, 2, pad);
        const where = `${h}x${w} kernel ${kernelSize} stride ${stride} ${pad}`;
        assert.deepEqual(actual.shape, expected.shape, where);
        assert.ok(maxDiff(actual, expected) < 1e-5, where);
      });
      cases++;
    }
    assert.equal(cases, 24);
  });

  test(`dilatedDepthwiseConv2d's gradients wrt input and kernel equal finite differences (${backend})`, async () => {
    await selectBackend({ force: backend });
    for (const [[h, w], kernelSize, stride, pad] of [[[9, 10], 3, 2, 'same'], [[12, 11], 5, 1, 'same'], [[12, 11], 3, 2, 'valid'], [[10, 9], 5, 1, 'valid']] as const) {
      tf.tidy(() => {
        const x = tf.randomUniform([1, h, w, 2], -1, 1, 'float32', 7) as tf.Tensor4D;
        const kernel = tf.randomUniform([kernelSize, kernelSize, 2, 1], -1, 1, 'float32', 8) as tf.Tensor4D;
        const weights = tf.randomUniform(reference(x, kernel, stride, 2, pad).shape, -1, 1, 'float32', 9);
        // Bilinear in (x, kernel), so a central difference in one of them is exact up to rounding.
        const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dilatedDepthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, 2, pad), weights));
        const [dx, dk] = tf.grads(loss)([x, kernel]);
        const probe = (t: tf.Tensor, grad: tf.Tensor, which: 0 | 1) => {
          const values = t.dataSync();
          const g = grad.dataSync();
          for (let j = 0; j < values.length; j += Math.max(1, Math.floor(values.length / 23))) {
            const shifted = (delta: number) => {
              const v = Float32Array.from(values);
              v[j] += delta;
              const moved = tf.tensor(v, t.shape);
              return (which === 0 ? loss(moved, kernel) : loss(x, moved)).dataSync()[0];
            };
            const numeric = (shifted(0.5) - shifted(-0.5)) / 1;
            assert.ok(Math.abs(numeric - g[j]) < 1e-3 * Math.max(1, Math.abs(numeric)), `${which === 0 ? 'input' : 'kernel'}[${j}] ${h}x${w} kernel ${kernelSize} stride ${stride} ${pad}: ${g[j]} vs ${numeric}`);
          }
        };
        probe(x, dx, 0);
        probe(kernel, dk, 1);
      });
    }
  });
}
