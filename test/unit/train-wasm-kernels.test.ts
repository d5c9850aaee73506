// Each kernel we register for the wasm backend, against the cpu backend's own implementation of
// the same kernel, on random inputs over kernel sizes 1/3/5/7, strides 1/2, 'same'/'valid'.
// Tolerance: |wasm - cpu| <= 1e-4 * (1 + max|cpu|) element-wise (float32 sums of up to a few
// hundred products in a different order).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/train/backend';

const TOLERANCE = 1e-4;

let seed = 12345;
function randomArray(size: number): Float32Array {
  const a = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    a[i] = (seed / 2 ** 32) * 2 - 1;
  }
  return a;
}

type Shape4 = [number, number, number, number];

/** Runs one kernel on a backend from plain arrays and returns its output as a plain array. */
async function runOn(backendName: string, kernelName: string, inputs: Record<string, { shape: number[]; values: Float32Array }>, attrs: tf.NamedAttrMap): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backendName);
  return tf.tidy(() => {
    const tensors: tf.NamedTensorMap = {};
    for (const [k, v] of Object.entries(inputs)) tensors[k] = tf.tensor(v.values, v.shape);
    const out = tf.engine().runKernel(kernelName, tensors, attrs) as tf.Tensor;
    return { shape: out.shape, values: out.dataSync() as Float32Array };
  });
}

function assertClose(actual: { shape: number[]; values: Float32Array }, expected: { shape: number[]; values: Float32Array }, where: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${where}: shape`);
  let maxRef = 0;
  for (const v of expected.values) maxRef = Math.max(maxRef, Math.abs(v));
  const bound = TOLERANCE * (1 + maxRef);
  for (let i = 0; i < expected.values.length; i++) {
    const diff = Math.abs(actual.values[i] - expected.values[i]);
    if (!(diff <= bound)) assert.fail(`${where}: element ${i} wasm ${actual.values[i]} cpu ${expected.values[i]} (|diff| ${diff} > ${bound})`);
  }
}

function outSize(inSize: number, k: number, s: number, pad: 'same' | 'valid'): number {
  return pad === 'same' ? Math.ceil(inSize / s) : Math.floor((inSize - k) / s) + 1;
}

const cases: Array<{ k: number; s: number; pad: 'same' | 'valid'; size: number }> = [];
for (const k of [1, 3, 5, 7]) for (const s of [1, 2]) for (const pad of ['same', 'valid'] as const) for (const size of [9, 10]) cases.push({ k, s, pad, size });

describe('wasm training kernels match the cpu backend', () => {
  before(async () => {
    const report = await selectBackend({ force: 'wasm' });
    assert.equal(report.backend, 'wasm');
  });

  const n = 2;
  for (const { k, s, pad, size } of cases) {
    const label = `k${k} s${s} ${pad} ${size}x${size}`;
    const oh = outSize(size, k, s, pad);

    // Native kernel: k <= 3 or at most 4 input channels (co 5 exercises its scalar tail); 9 -> 6
    // with k 5/7 takes the XNNPACK convolution; 1x1 filters past the native size limit the
    // product, transposing x (256 -> 260) or dy (260 -> 256).
    for (const [ci, co] of [[3, 4], [1, 5], [9, 6], ...(k === 1 && s === 1 && size === 9 && pad === 'same' ? [[256, 260], [260, 256]] : [])]) it(`Conv2DBackpropFilter ${label} ${ci}->${co} channels`, async () => {
      const x = { shape: [n, size, size, ci], values: randomArray(n * size * size * ci) };
      const dy = { shape: [n, oh, oh, co], values: randomArray(n * oh * oh * co) };
      const attrs = { strides: [s, s], pad, dataFormat: 'NHWC', filterShape: [k, k, ci, co] } as unknown as tf.NamedAttrMap;
      assertClose(await runOn('wasm', 'Conv2DBackpropFilter', { x, dy }, attrs), await runOn('cpu', 'Conv2DBackpropFilter', { x, dy }, attrs), label);
    });

    it(`Conv2DBackpropInput (replaced for 1x1) ${label}`, async () => {
      const ci = 3, co = 4;
      const dy = { shape: [n, oh, oh, co], values: randomArray(n * oh * oh * co) };
      const filter = { shape: [k, k, ci, co], values: randomArray(k * k * ci * co) };
      const attrs = { strides: [s, s], pad, dataFormat: 'NHWC', inputShape: [n, size, size, ci] } as unknown as tf.NamedAttrMap;
      assertClose(await runOn('wasm', 'Conv2DBackpropInput', { dy, filter }, attrs), await runOn('cpu', 'Conv2DBackpropInput', { dy, filter }, attrs), label);
    });

    // 21 channels exercise the native kernels' 16-, 4- and 1-channel paths; multiplier 2 the composition.
    for (const [m, c] of [[1, 3], [1, 21], [2, 3]]) {
      it(`DepthwiseConv2dNativeBackpropFilter ${label} multiplier ${m} channels ${c}`, async () => {
        const x = { shape: [n, size, size, c], values: randomArray(n * size * size * c) };
        const dy = { shape: [n, oh, oh, c * m], values: randomArray(n * oh * oh * c * m) };
        const attrs = { strides: [s, s], dilations: [1, 1], pad, filterShape: [k, k, c, m] } as unknown as tf.NamedAttrMap;
        assertClose(await runOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs), await runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs), label);
      });

      it(`DepthwiseConv2dNative (forward, replaced for multiplier 1) ${label} multiplier ${m} channels ${c}`, async () => {
        const x = { shape: [n, size, size, c], values: randomArray(n * size * size * c) };
        const filter = { shape: [k, k, c, m], values: randomArray(k * k * c * m) };
        const attrs = { strides: [s, s], dilations: [1, 1], pad, dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap;
        assertClose(await runOn('wasm', 'DepthwiseConv2dNative', { x, filter }, attrs), await runOn('cpu', 'DepthwiseConv2dNative', { x, filter }, attrs), label);
      });

      it(`DepthwiseConv2dNativeBackpropInput ${label} multiplier ${m} channels ${c}`, async () => {
        const inputShape: Shape4 = [n, size, size, c];
        const dy = { shape: [n, oh, oh, c * m], values: randomArray(n * oh * oh * c * m) };
        const filter = { shape: [k, k, c, m], values: randomArray(k * k * c * m) };
        const attrs = { strides: [s, s], dilations: [1, 1], pad, inputShape } as unknown as tf.NamedAttrMap;
        assertClose(await runOn('wasm', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs), await runOn('cpu', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs), label);
      });
    }
  }
});

describe('wasm kernels we replaced match the cpu backend', () => {
  before(async () => {
    await selectBackend({ force: 'wasm' });
  });

  it('DepthwiseConv2dNative with dilation 2 (left to the original kernel)', async () => {
    const x = { shape: [2, 11, 11, 5], values: randomArray(2 * 11 * 11 * 5) };
    const filter = { shape: [3, 3, 5, 1], values: randomArray(45) };
    const attrs = { strides: [1, 1], dilations: [2, 2], pad: 'same', dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap;
    assertClose(await runOn('wasm', 'DepthwiseConv2dNative', { x, filter }, attrs), await runOn('cpu', 'DepthwiseConv2dNative', { x, filter }, attrs), 'dilation 2');
  });

  for (const [shape, reps] of [[[1, 1, 1, 5], [2, 3, 4, 1]], [[2, 3], [3, 2]], [[3, 1, 2], [1, 4, 2]], [[4], [3]]] as Array<[number[], number[]]>) {
    it(`Tile [${shape}] x [${reps}]`, async () => {
      const x = { shape, values: randomArray(shape.reduce((a, b) => a * b, 1)) };
      assertClose(await runOn('wasm', 'Tile', { x }, { reps }), await runOn('cpu', 'Tile', { x }, { reps }), 'Tile');
    });
  }

  // Leading axes take the native path (including all axes and keepDims); others fall back.
  const reductions: Array<[number[], number[], boolean]> = [
    [[4, 5, 6, 21], [0, 1, 2], false], [[4, 5, 6, 21], [0, 1, 2], true], [[2, 3, 7, 3], [2, 0, 1], false],
    [[9, 5], [0], false], [[9, 5], [0, 1], true], [[17], [0], false], [[3, 4, 5], [0, 1], false],
    [[4, 5, 6, 8], [1, 2], true], [[4, 5, 6, 8], [3], false], [[4, 5], [-1], false],
  ];
  for (const kernelName of ['Sum', 'Mean']) {
    for (const [shape, axis, keepDims] of reductions) {
      it(`${kernelName} [${shape}] over axes [${axis}]${keepDims ? ' keepDims' : ''}`, async () => {
        const x = { shape, values: randomArray(shape.reduce((a, b) => a * b, 1)) };
        const attrs = { axis, keepDims } as unknown as tf.NamedAttrMap;
        assertClose(await runOn('wasm', kernelName, { x }, attrs), await runOn('cpu', kernelName, { x }, attrs), kernelName);
      });
    }
  }

  for (const [shape, axis] of [[[4, 5, 6, 7], [0, 1, 2]], [[4, 5, 6, 7], [1, 3]], [[6, 5], [1]], [[6, 5], [0, 1]]] as Array<[number[], number[]]>) {
    for (const op of ['sum', 'mean'] as const) {
      it(`${op} gradient over axes [${axis}] of [${shape}]`, async () => {
        const values = randomArray(shape.reduce((a, b) => a * b, 1));
        const weights = randomArray(shape.filter((_, i) => !axis.includes(i)).reduce((a, b) => a * b, 1));
        const gradOn = async (backendName: string): Promise<{ shape: number[]; values: Float32Array }> => {
          await tf.setBackend(backendName);
          return tf.tidy(() => {
            const w = tf.tensor(weights, shape.filter((_, i) => !axis.includes(i)));
            const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf[op](t, axis), w)))(tf.tensor(values, shape));
            return { shape: g.shape, values: g.dataSync() as Float32Array };
          });
        };
        assertClose(await gradOn('wasm'), await gradOn('cpu'), `${op} gradient`);
      });
    }
  }

  it('Identity and same-dtype Cast share the buffer and keep it alive until the last user is disposed', async () => {
    await tf.setBackend('wasm');
    const before = tf.backend().numDataIds();
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const copies = [tf.clone(x), tf.cast(x, 'float32'), tf.engine().runKernel('Identity', { x }) as tf.Tensor];
    const asInt = tf.cast(x, 'int32');
    x.dispose();
    for (const c of copies) assert.deepEqual(Array.from(c.dataSync()), [1, 2, 3, 4]);
    assert.equal(asInt.dtype, 'int32');
    assert.deepEqual(Array.from(asInt.dataSync()), [1, 2, 3, 4]);
    tf.dispose([...copies, asInt]);
    assert.equal(tf.backend().numDataIds(), before);
  });

  for (const [shape, withAffine] of [[[3, 4, 5, 21], true], [[3, 4, 5, 21], false], [[7, 6], true], [[2, 3, 3, 1], true]] as Array<[number[], boolean]>) {
    const c = shape[shape.length - 1];
    const size = shape.reduce((a, b) => a * b, 1);
    const x = randomArray(size);
    const mean = randomArray(c);
    const variance = randomArray(c).map((v) => v + 1.5);
    const scale = randomArray(c);
    const offset = randomArray(c);
    const label = `[${shape}]${withAffine ? '' : ' without scale/offset'}`;

    it(`FusedBatchNorm ${label}`, async () => {
      const inputs: Record<string, { shape: number[]; values: Float32Array }> = { x: { shape, values: x }, mean: { shape: [c], values: mean }, variance: { shape: [c], values: variance } };
      if (withAffine) { inputs.scale = { shape: [c], values: scale }; inputs.offset = { shape: [c], values: offset }; }
      const attrs = { varianceEpsilon: 1e-3 } as unknown as tf.NamedAttrMap;
      assertClose(await runOn('wasm', 'FusedBatchNorm', inputs, attrs), await runOn('cpu', 'FusedBatchNorm', inputs, attrs), label);
    });

    // (Without scale TensorFlow.js cannot take this gradient on any backend: it saves the missing input.)
    if (withAffine) it(`batchNorm gradient with respect to every input ${label}`, async () => {
      const dyValues = randomArray(size);
      const gradsOn = async (backendName: string): Promise<Array<{ shape: number[]; values: Float32Array }>> => {
        await tf.setBackend(backendName);
        return tf.tidy(() => {
          const dy = tf.tensor(dyValues, shape);
          const f = (xt: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Tensor =>
            tf.sum(tf.mul(tf.batchNorm(xt, m, v, o, s, 1e-3), dy));
          const grads = tf.grads(f)([tf.tensor(x, shape), tf.tensor1d(mean), tf.tensor1d(variance), tf.tensor1d(scale), tf.tensor1d(offset)]);
          return grads.map((g) => ({ shape: g.shape, values: g.dataSync() as Float32Array }));
        });
      };
      const [wasm, cpu] = [await gradsOn('wasm'), await gradsOn('cpu')];
      wasm.forEach((g, i) => assertClose(g, cpu[i], `${label} gradient ${['x', 'mean', 'variance', 'scale', 'offset'][i]}`));
    });
  }

  it('batch-normalisation layer in training mode: gradients of input, gamma and beta', async () => {
    const shape = [4, 6, 6, 20];
    const xValues = randomArray(shape.reduce((a, b) => a * b, 1));
    const wValues = randomArray(xValues.length);
    const gamma = randomArray(20);
    const beta = randomArray(20);
    const gradsOn = async (backendName: string): Promise<Array<{ shape: number[]; values: Float32Array }>> => {
      await tf.setBackend(backendName);
      const layer = tf.layers.batchNormalization();
      const xt = tf.tensor(xValues, shape);
      layer.build(shape);
      layer.setWeights([tf.tensor1d(gamma), tf.tensor1d(beta), tf.zeros([20]), tf.ones([20])]);
      const w = tf.tensor(wValues, shape);
      const f = (): tf.Scalar => tf.sum(tf.mul(tf.square(layer.apply(xt, { training: true }) as tf.Tensor), w));
      // LayerVariable.read() is the underlying tf.Variable (gamma, beta).
      const { grads } = tf.variableGrads(f, layer.trainableWeights.map((v) => v.read() as tf.Variable));
      const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.square(layer.apply(t, { training: true }) as tf.Tensor), w)))(xt);
      const out = [dx, ...Object.values(grads)].map((g) => ({ shape: g.shape, values: g.dataSync() as Float32Array }));
      tf.dispose([xt, w, dx, ...Object.values(grads), ...layer.weights.map((v) => v.read())]);
      return out;
    };
    const [wasm, cpu] = [await gradsOn('wasm'), await gradsOn('cpu')];
    wasm.forEach((g, i) => assertClose(g, cpu[i], `layer gradient ${i}`));
  });

  for (const c of [8, 7]) it(`Relu gradient, [2,5,5,${c}] (zeros and tiny values included)`, async () => {
    const shape = [2, 5, 5, c];
    const size = 50 * c;
    const values = randomArray(size);
    values[0] = 0; values[1] = 1e-30; values[2] = -1e-30; values[size - 1] = 0;
    const gradOn = async (backendName: string): Promise<{ shape: number[]; values: Float32Array }> => {
      await tf.setBackend(backendName);
      return tf.tidy(() => {
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), tf.range(1, size + 1).reshape(shape))))(tf.tensor(values, shape));
        return { shape: g.shape, values: g.dataSync() as Float32Array };
      });
    };
    assertClose(await gradOn('wasm'), await gradOn('cpu'), 'relu gradient');
  });

  // 400 elements: whole SIMD vectors; 350: a scalar tail too.
  for (const c of [8, 7]) it(`ReLU6 (clipByValue 0..6) gradient, [2,5,5,${c}]`, async () => {
    const shape = [2, 5, 5, c];
    const size = 50 * c;
    const values = randomArray(size).map((v) => v * 8);
    values[0] = 0; values[1] = 6; values[size - 1] = 6; // the bounds themselves pass the gradient, as in TensorFlow.js
    const gradOn = async (backendName: string): Promise<{ shape: number[]; values: Float32Array }> => {
      await tf.setBackend(backendName);
      return tf.tidy(() => {
        const x = tf.tensor(values, shape);
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.clipByValue(t, 0, 6), tf.range(0, size).reshape(shape))))(x);
        return { shape: g.shape, values: g.dataSync() as Float32Array };
      });
    };
    assertClose(await gradOn('wasm'), await gradOn('cpu'), 'clipByValue gradient');
  });
});
