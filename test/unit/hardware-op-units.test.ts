import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opSignature, unitsOf } from '../../src/hardware/opUnits';
import { tinyConvNet, vggLike } from '../fixtures/data/graphs';

test('op signatures hold kind, shapes and cost-relevant attributes; free ops are no unit', () => {
  const g = tinyConvNet([8, 8, 1], 3);
  const conv = g.nodes.find((n) => n.op === 'conv2d')!;
  assert.equal(opSignature(conv, [[8, 8, 1]]), 'conv2d in=8x8x1 out=8x8x4 kernel=3 stride=1 padding=same useBias=true');
  assert.deepEqual(unitsOf(g).map((u) => u.ops[0].op), ['conv2d', 'relu', 'globalAvgPool', 'dense', 'softmax']);
  const vgg = vggLike();
  assert.ok(!unitsOf(vgg).some((u) => u.ops.some((o) => o.op === 'flatten' || o.op === 'dropout')), 'flatten and dropout cost nothing at inference');
});

test('fusion rules join a producer with its sole consumer into one unit, and nothing else', () => {
  const vgg = vggLike();
  const fused = unitsOf(vgg, { 'conv2d>batchNorm': true, 'batchNorm>relu': true });
  const chain = fused.find((u) => u.ops.length === 3)!;
  assert.deepEqual(chain.ops.map((o) => o.op), ['conv2d', 'batchNorm', 'relu']);
  assert.equal(chain.signature.split(' > ').length, 3);
  assert.equal(fused.length, unitsOf(vgg).length - 2);
});
