// Each zero-cost proxy against a second method on networks small enough to check: closed forms
// (synflow of bias-free dense chains, NASWOT's kernel of known sign patterns), central finite
// differences of an independent double-precision forward pass (snip, grad_norm, fisher, jacov),
// and synflow's rescaled pass against the plain one where float32 does not overflow.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng';
import type { ArchitectureGraph } from '../../src/core/space/types';
import { selectBackend } from '../../src/train/backend';
import { forward, isWeighted } from '../../src/train/zeroCost/graphForward';
import { disposeWeights, initialWeights } from '../../src/train/zeroCost/initialWeights';
import { scoreGraph, scoreWithWeights } from '../../src/train/zeroCost/proxies';
import { GraphMaker, nasBench201Like } from '../fixtures/data/graphs';

before(async () => {
  await selectBackend();
});

const close = (actual: number, expected: number, relative: number, what: string) => assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} vs ${expected}`);

/** input [1, 1, d] -> flatten -> dense(hidden) -> relu -> dense(classes) -> softmax. */
function denseNet(d: number, hidden: number, classes: number, useBias: boolean): { graph: ArchitectureGraph; dense: [string, string] } {
  const g = new GraphMaker([1, 1, d], classes);
  const flat = g.add('flatten', 'input');
  const d1 = g.add('dense', flat, { units: hidden, useBias });
  const d2 = g.add('dense', g.add('relu', d1), { units: classes, useBias });
  return { graph: g.graph(g.add('softmax', d2)), dense: [d1, d2] };
}

const matrix = (rng: Rng, rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.next() * 2 - 1));

/** The dense net in double precision: mean cross-entropy, with per-sample, per-unit gates on both layers' outputs. */
function referenceLoss(w: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] }, x: number[][], labels: number[], gates?: { g1: number[][]; g2: number[][] }) {
  let loss = 0;
  const logits = x.map((xn, n) => {
    const z1 = w.b1.map((b, j) => (b + xn.reduce((s, xi, i) => s + xi * w.W1[i][j], 0)) * (gates?.g1[n][j] ?? 1));
    const h = z1.map((v) => Math.max(0, v));
    const z2 = w.b2.map((b, k) => (b + h.reduce((s, hj, j) => s + hj * w.W2[j][k], 0)) * (gates?.g2[n][k] ?? 1));
    const top = Math.max(...z2);
    const lse = top + Math.log(z2.reduce((s, v) => s + Math.exp(v - top), 0));
    loss += lse - z2[labels[n]];
    return z2;
  });
  return { loss: loss / x.length, logits };
}

/** Central finite difference of f by the entry of `m` at [i][j]. */
function derivative(m: number[][], i: number, j: number, f: () => number, h = 1e-6): number {
  const v = m[i][j];
  m[i][j] = v + h;
  const up = f();
  m[i][j] = v - h;
  const down = f();
  m[i][j] = v;
  return (up - down) / (2 * h);
}

function tensors(graph: ArchitectureGraph, dense: [string, string], w: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[] }) {
  return new Map([
    [dense[0], [tf.tensor2d(w.W1), tf.tensor1d(w.b1)]],
    [dense[1], [tf.tensor2d(w.W2), tf.tensor1d(w.b2)]],
  ]);
}

test('synflow of a bias-free two-layer dense net is ln 2R, R = sum_j (sum_i |W1_ij|)(sum_k |W2_jk|)', () => {
  const rng = new Rng(3);
  const { graph, dense } = denseNet(3, 4, 2, false);
  const W1 = matrix(rng, 3, 4);
  const W2 = matrix(rng, 4, 2);
  const weights = new Map([[dense[0], [tf.tensor2d(W1)]], [dense[1], [tf.tensor2d(W2)]]]);
  const R = W1[0].reduce((s, _, j) => s + W1.reduce((a, row) => a + Math.abs(row[j]), 0) * W2[j].reduce((a, v) => a + Math.abs(v), 0), 0);
  close(scoreWithWeights(graph, weights, ['synflow'], undefined).synflow!, Math.log(2 * R), 1e-5, 'ln synflow');
  disposeWeights(weights);
});

test('synflow of a 30-layer dense chain whose output overflows float32 is still its closed form ln(L R)', () => {
  // Every weight 10, width 8, all-ones input: each unit of layer l is 80^l, R = 8 * 80^30 (1e58),
  // and each layer's sum of w dR/dw is R (R is linear in each layer's weights).
  const layers = 30;
  const g = new GraphMaker([1, 1, 8], 8);
  let x = g.add('flatten', 'input');
  const ids: string[] = [];
  for (let l = 0; l < layers; l++) ids.push((x = g.add('dense', l ? g.add('relu', x) : x, { units: 8, useBias: false })));
  const graph = g.graph(g.add('softmax', x));
  const weights = new Map(ids.map((id) => [id, [tf.fill([8, 8], 10)]]));
  const expected = Math.log(layers) + Math.log(8) + layers * Math.log(80);
  close(scoreWithWeights(graph, weights, ['synflow'], undefined).synflow!, expected, 1e-5, 'ln synflow');
  disposeWeights(weights);
});

test('synflow rescaled equals the plain float32 computation on a NAS-Bench-201-like net (convs, pools, zeros, sums, batch norm off)', () => {
  const graph = nasBench201Like();
  const weights = initialWeights(graph, 7);
  const plain = tf.tidy(() => {
    const positive = new Map([...weights].map(([id, ts]) => [id, ts.map((t) => t.abs())]));
    const nodes = graph.nodes.filter(isWeighted);
    const kernels = nodes.map((n) => positive.get(n.id)![0]);
    const grads = tf.grads((...ks: tf.Tensor[]) => {
      const map = new Map(positive);
      nodes.forEach((n, i) => map.set(n.id, [ks[i], ...positive.get(n.id)!.slice(1)]));
      return forward(graph, map, tf.ones([1, ...graph.input]), { batchNorm: 'off' }).logits.sum() as tf.Scalar;
    })(kernels);
    return Math.log(kernels.reduce((s, k, i) => s + k.mul(grads[i]).abs().sum().dataSync()[0], 0));
  });
  close(scoreWithWeights(graph, weights, ['synflow'], undefined).synflow!, plain, 1e-4, 'ln synflow');
  disposeWeights(weights);
});

test('snip, grad_norm and fisher equal their definitions by finite differences of a double-precision forward pass', () => {
  const rng = new Rng(5);
  const { graph, dense } = denseNet(3, 4, 2, true);
  const w = { W1: matrix(rng, 3, 4), b1: matrix(rng, 1, 4)[0], W2: matrix(rng, 4, 2), b2: matrix(rng, 1, 2)[0] };
  const x = matrix(rng, 3, 3);
  const labels = [0, 1, 1];
  const weights = tensors(graph, dense, w);
  const batch = { x: tf.tensor4d(x.flat(), [3, 1, 1, 3]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat() as tf.Tensor2D };
  const got = scoreWithWeights(graph, weights, ['snip', 'grad_norm', 'fisher'], batch);

  const loss = () => referenceLoss(w, x, labels).loss;
  let snip = 0;
  let gradNorm = 0;
  for (const m of [w.W1, w.W2]) {
    let squares = 0;
    m.forEach((row, i) => row.forEach((v, j) => {
      const d = derivative(m, i, j, loss);
      snip += Math.abs(v * d);
      squares += d * d;
    }));
    gradNorm += Math.sqrt(squares);
  }
  // fisher: per layer and unit k, mean over samples of (dL/dgate[n][k])^2 / 2, times the unit's fan-in.
  const gates = { g1: x.map(() => [1, 1, 1, 1]), g2: x.map(() => [1, 1]) };
  let fisher = 0;
  for (const [g, fanIn] of [[gates.g1, 3], [gates.g2, 4]] as const) {
    for (let k = 0; k < g[0].length; k++) {
      const terms = g.map((_, n) => derivative(g as number[][], n, k, () => referenceLoss(w, x, labels, gates).loss) ** 2);
      fisher += (0.5 * fanIn * terms.reduce((a, b) => a + b, 0)) / terms.length;
    }
  }
  close(got.snip!, snip, 1e-3, 'snip');
  close(got.grad_norm!, gradNorm, 1e-3, 'grad_norm');
  close(got.fisher!, fisher, 1e-3, 'fisher');
  disposeWeights(weights);
  tf.dispose([batch.x, batch.y]);
});

test('jacov of two samples is -sum(ln(v + k) + 1/(v + k)) over v = 1 +- r, r the correlation of their input gradients (finite differences)', () => {
  const rng = new Rng(9);
  const { graph, dense } = denseNet(4, 5, 3, true);
  const w = { W1: matrix(rng, 4, 5), b1: matrix(rng, 1, 5)[0], W2: matrix(rng, 5, 3), b2: matrix(rng, 1, 3)[0] };
  const x = matrix(rng, 2, 4);
  const weights = tensors(graph, dense, w);
  const sumOfLogits = () => referenceLoss(w, x, [0, 0]).logits.flat().reduce((a, b) => a + b, 0);
  const J = x.map((row, n) => row.map((_, i) => derivative(x, n, i, sumOfLogits)));
  const centred = J.map((row) => row.map((v) => v - row.reduce((a, b) => a + b, 0) / row.length));
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  const r = dot(centred[0], centred[1]) / Math.sqrt(dot(centred[0], centred[0]) * dot(centred[1], centred[1]));
  const k = 1e-5;
  const expected = -[1 + r, 1 - r].reduce((s, v) => s + Math.log(v + k) + 1 / (v + k), 0);
  const images = tf.tensor4d(x.flat(), [2, 1, 1, 4]);
  close(scoreWithWeights(graph, weights, ['jacov'], { x: images, y: tf.zeros([2, 3]) }).jacov!, expected, 1e-3, 'jacov');
  disposeWeights(weights);
  images.dispose();
});

test('nwot is ln det of the agreement counts of the ReLU patterns: codes 101 and 110 agree on 1 of 3 units, ln(3 * 3 - 1)', () => {
  const g = new GraphMaker([1, 1, 3], 2);
  const d = g.add('dense', g.add('relu', g.add('flatten', 'input')), { units: 2, useBias: false });
  const graph = g.graph(g.add('softmax', d));
  const weights = new Map([[d, [tf.ones([3, 2])]]]);
  const images = tf.tensor4d([1, -1, 2, 1, 1, -1], [2, 1, 1, 3]);
  close(scoreWithWeights(graph, weights, ['nwot'], { x: images, y: tf.zeros([2, 2]) }).nwot!, Math.log(8), 1e-9, 'nwot');
  disposeWeights(weights);
  images.dispose();
});

test('every proxy scores a convolutional net with batch norm at its initial weights, finite and without leaking tensors', () => {
  const graph = nasBench201Like();
  const rng = new Rng(1);
  const x = tf.tensor4d(Array.from({ length: 8 * 28 * 28 }, () => rng.next()), [8, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10).toFloat() as tf.Tensor2D;
  const before = tf.memory().numTensors;
  const scores = scoreGraph(graph, ['synflow', 'jacov', 'nwot', 'snip', 'grad_norm', 'fisher'], { x, y }, 0);
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(Object.keys(scores).sort(), ['fisher', 'grad_norm', 'jacov', 'nwot', 'snip', 'synflow']);
  for (const [name, v] of Object.entries(scores)) assert.ok(Number.isFinite(v), `${name} = ${v}`);
  // The same seed, the same network, the same scores, whichever proxies share the passes.
  assert.deepEqual(scoreGraph(graph, ['synflow', 'snip'], { x, y }, 0), { synflow: scores.synflow, snip: scores.snip });
  assert.deepEqual(scoreGraph(graph, ['nwot'], { x, y }, 0), { nwot: scores.nwot });
  assert.deepEqual(scoreGraph(graph, ['jacov'], { x, y }, 0), { jacov: scores.jacov });
  tf.dispose([x, y]);
});
