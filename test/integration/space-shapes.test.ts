// Shape inference agrees with the engine that builds the model: for 'same' padding TensorFlow.js
// gives ceil(in / stride), so a stride larger than the map still leaves 1x1 (a 2x2 map under
// stride 3 is 1x1, not an error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { conv, defineSpace, invertedResidual } from '../../src/api';
import { CompiledSearchSpace } from '../../src/core/space/space';

function decodedShape(size: number, layer: ReturnType<typeof conv> | ReturnType<typeof invertedResidual>, op: string): number[] {
  const space = new CompiledSearchSpace(defineSpace({ name: 's', input: { shape: [size, size, 1], classes: 2 }, layers: [layer] }));
  const node = space.decode(space.unrank(0n)).nodes.find((n) => n.op === op);
  assert.ok(node, op);
  return node.shape;
}

test("'same' convolutions have TensorFlow.js's output shape for every map size and stride, a stride past the map included", async () => {
  await tf.setBackend('cpu');
  for (let size = 1; size <= 7; size++) {
    for (let stride = 1; stride <= 4; stride++) {
      const x = tf.zeros([1, size, size, 1]) as tf.Tensor4D;
      const engineConv = tf.conv2d(x, tf.zeros([3, 3, 1, 2]) as tf.Tensor4D, stride, 'same').shape.slice(1);
      const engineDepthwise = tf.depthwiseConv2d(x, tf.zeros([3, 3, 1, 1]) as tf.Tensor4D, stride, 'same').shape.slice(1);
      assert.deepEqual(decodedShape(size, conv({ filters: 2, kernel: 3, stride }), 'conv2d'), engineConv, `conv ${size}x${size} stride ${stride}`);
      assert.deepEqual(decodedShape(size, invertedResidual({ filters: 1, kernel: 3, expand: 1, stride }), 'depthwiseConv2d'), engineDepthwise, `depthwise ${size}x${size} stride ${stride}`);
      tf.dispose(x);
    }
  }
  assert.deepEqual(decodedShape(2, conv({ filters: 2, kernel: 3, stride: 3 }), 'conv2d'), [1, 1, 2]);
});
