// The learned predictors on a synthetic function whose good fit is known: an additive score of
// the decisions (each option adds its own weight), which one-hot features represent exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExtraTrees } from '../../src/core/estimate/predictors/extraTrees';
import { FeatureBuilder } from '../../src/core/estimate/predictors/features';
import { PREDICTOR_FAMILIES, PREDICTOR_FAMILY_NAMES } from '../../src/core/estimate/predictors/families';
import { Rng } from '../../src/core/rng';
import { cell, cellStack, dartsCell, dartsStack, defineSpace, type CellOp, type DartsOp } from '../../src/api';
import { CompiledSearchSpace } from '../../src/core/space/space';
import type { Architecture } from '../../src/core/space/types';
import { kendallTauB } from '../../bench/proxy-fidelity/kendall';
import { toySpace } from './helpers/toySpace';

const space = toySpace([[0, 1, 2, 3], [0, 1, 2], [0, 1, 2, 3, 4], [0, 1, 2], [0, 1]]); // 360 architectures
const weights = space.decisions.map((d, i) => d.options.map((_, o) => Math.sin(3 * i + 7 * o)));
const additive = (a: Architecture) => a.encoding.reduce((s, o, d) => s + weights[d][o], 0);
const all = [...space.enumerate()];

function split(seed: number, n: number): { train: Architecture[]; test: Architecture[] } {
  const rng = new Rng(seed);
  const shuffled = [...all];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return { train: shuffled.slice(0, n), test: shuffled.slice(n) };
}

for (const family of PREDICTOR_FAMILY_NAMES) {
  test(`${family}: ranks held-out architectures of an additive function well from 100 samples`, () => {
    const features = new FeatureBuilder(space, []);
    const { train, test: held } = split(3, 100);
    const p = PREDICTOR_FAMILIES[family].create(1);
    p.fit(train.map((a) => features.input(a.encoding, null)), train.map(additive));
    const tau = kendallTauB(held.map((a) => p.predict(features.input(a.encoding, null)).mean), held.map(additive));
    assert.ok(tau > 0.7, `tau ${tau.toFixed(3)}`);
  });
}

test('trees: a cheap feature equal to the target ranks well from 20 samples, where the decisions alone do not', () => {
  const { train, test: held } = split(5, 20);
  const tauWith = (names: string[]) => {
    const features = new FeatureBuilder(space, names);
    const p = new ExtraTrees({ seed: 2 });
    p.fit(train.map((a) => features.input(a.encoding, { score: additive(a) })), train.map(additive));
    return kendallTauB(held.map((a) => p.predict(features.input(a.encoding, { score: additive(a) })).mean), held.map(additive));
  };
  const withScore = tauWith(['score']);
  assert.ok(withScore > 0.75, `with the score: tau ${withScore.toFixed(3)}`);
  const without = tauWith([]);
  assert.ok(withScore > without + 0.1, `${withScore} vs ${without}`);
});

test('trees: exact and certain at the training points, uncertain away from them, and the same for the same seed', () => {
  const features = new FeatureBuilder(space, []);
  const { train, test: held } = split(7, 30);
  const fit = (seed: number) => {
    const p = new ExtraTrees({ seed });
    p.fit(train.map((a) => features.input(a.encoding, null)), train.map(additive));
    return p;
  };
  const p = fit(4);
  for (const a of train) {
    const { mean, std } = p.predict(features.input(a.encoding, null));
    assert.ok(Math.abs(mean - additive(a)) < 1e-9 && std < 1e-6, `${mean} vs ${additive(a)}, spread ${std}`);
  }
  assert.ok(held.some((a) => p.predict(features.input(a.encoding, null)).std > 0.1));
  const q = fit(4);
  for (const a of held) assert.deepEqual(q.predict(features.input(a.encoding, null)), p.predict(features.input(a.encoding, null)));
});

test('features: one-hot decisions, then the cheap metrics; a missing one takes the training median', () => {
  const features = new FeatureBuilder(space, ['z']);
  features.setFill([{ z: 1 }, { z: 5 }, null, { z: 3 }]);
  assert.deepEqual(features.input([1, 0, 4, 2, 0], { z: 7 }).features, [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 7]);
  assert.equal(features.input([1, 0, 4, 2, 0], null).features.at(-1), 3);
});

test('features: the NAS-Bench-201 path encoding counts each input-to-output operation sequence; none cuts a path', () => {
  const ops: CellOp[] = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
  const nb201 = new CompiledSearchSpace(defineSpace({ name: 'nb201', input: { shape: [8, 8, 3], classes: 10 }, layers: [cellStack({ cell: cell({ name: 'nb201', nodes: 4, ops }), repeat: 1 })] }));
  const plain = new FeatureBuilder(nb201, []);
  const withPaths = new FeatureBuilder(nb201, [], { cells: true });
  const enc = (key: string) => [...nb201.fromKey(key).encoding];
  // 6 edges x 5 one-hot, then 4 + 16 + 64 operation sequences (of length 1, 2, 3).
  const all = withPaths.input(enc('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|'), null).features;
  assert.equal(all.length, 30 + 84);
  assert.deepEqual(all.slice(0, 30), plain.input(enc('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|'), null).features);
  // Four edge paths 0->3, 0->1->3, 0->2->3, 0->1->2->3, all conv: one path of length 1, two of 2, one of 3.
  assert.deepEqual(all.slice(30).filter((v) => v > 0).sort(), [1, 1, 2]);
  // Only 0->3 survives when the other edges into 3 are none.
  const single = withPaths.input(enc('|skip_connect~0|+|skip_connect~0|skip_connect~1|+|avg_pool_3x3~0|none~1|none~2|'), null).features.slice(30);
  assert.deepEqual(single.filter((v) => v > 0), [1]);
  assert.equal(withPaths.input(enc('|none~0|+|none~0|none~1|+|none~0|none~1|none~2|'), null).features.slice(30).reduce((a, b) => a + b, 0), 0);
});

test('features: the DARTS edge encoding marks each (node, input, operation) the cells use', () => {
  const ops: DartsOp[] = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'];
  const c = (reduction: boolean) => dartsCell({ nodes: 4, inputsPerNode: 2, ops, reduction });
  const darts = new CompiledSearchSpace(defineSpace({ name: 'darts', input: { shape: [8, 8, 3], classes: 10 }, layers: [dartsStack({ cells: { normal: c(false), reduce: c(true) }, plan: ['normal', 'reduce'], channels: 4 })] }));
  const f = new FeatureBuilder(darts, [], { cells: true });
  const width = f.input([...darts.sample(new Rng(1)).encoding], null).features.length - new FeatureBuilder(darts, []).input([...darts.sample(new Rng(1)).encoding], null).features.length;
  // Per cell: nodes 2..5 read 2, 3, 4, 5 possible inputs, 7 operations each.
  assert.equal(width, 2 * (2 + 3 + 4 + 5) * 7);
  const key = (a: string, b: string) => `normal=[(${a},0),(${b},1),(sep_conv_3x3,0),(sep_conv_3x3,1),(sep_conv_3x3,0),(sep_conv_3x3,1),(sep_conv_3x3,0),(sep_conv_3x3,1)],reduce=[(max_pool_3x3,0),(max_pool_3x3,1),(max_pool_3x3,0),(max_pool_3x3,1),(max_pool_3x3,0),(max_pool_3x3,1),(max_pool_3x3,0),(max_pool_3x3,1)]`;
  const edges = (k: string) => f.input([...darts.fromKey(k).encoding], null).features.slice(-width);
  const e = edges(key('skip_connect', 'dil_conv_5x5'));
  assert.equal(e.reduce((a, b) => a + b, 0), 16);
  assert.notDeepEqual(e, edges(key('dil_conv_5x5', 'skip_connect')));
});

test('features: the NAS-Bench-201 graph features count operations and the paths through each subset of them', () => {
  const ops: CellOp[] = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
  const nb201 = new CompiledSearchSpace(defineSpace({ name: 'nb201', input: { shape: [8, 8, 3], classes: 10 }, layers: [cellStack({ cell: cell({ name: 'nb201', nodes: 4, ops }), repeat: 1 })] }));
  const f = new FeatureBuilder(nb201, [], { graph: true });
  // 0->1 conv3, 0->2 skip, 1->2 conv3, 0->3 none, 1->3 conv1, 2->3 conv3.
  const g = f.input([...nb201.fromKey('|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|none~0|nor_conv_1x1~1|nor_conv_3x3~2|').encoding], null).features.slice(30);
  // 5 operation counts, then (count, shortest, longest) for the 15 subsets of the 4 operations, subset k holding operation i when bit i of k+1 is set.
  assert.equal(g.length, 5 + 3 * 15);
  assert.deepEqual(g.slice(0, 5), [1, 1, 1, 3, 0]);
  const subset = (...names: CellOp[]) => {
    const mask = names.reduce((m, n) => m | (1 << (ops.indexOf(n) - 1)), 0);
    return g.slice(5 + 3 * (mask - 1), 5 + 3 * mask);
  };
  // Paths 0->1->3 (conv3, conv1), 0->2->3 (skip, conv3), 0->1->2->3 (conv3 x 3); 0->3 is none.
  assert.deepEqual(subset('nor_conv_3x3'), [1, 3, 3]);
  assert.deepEqual(subset('nor_conv_3x3', 'nor_conv_1x1'), [2, 2, 3]);
  assert.deepEqual(subset('nor_conv_3x3', 'skip_connect'), [2, 2, 3]);
  assert.deepEqual(subset('skip_connect'), [0, 0, 0]);
  assert.deepEqual(subset('skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'), [3, 2, 3]);
});

test('features: with ranks the cheap metrics are percentiles in the reference sample; top adds the mean percentile of the best-correlated ones', () => {
  const features = new FeatureBuilder(space, ['a', 'b', 'c'], { ranks: true, top: 2 });
  features.setReference([{ a: 1, b: 10, c: 5 }, { a: 2, b: 20, c: 4 }, { a: 3, b: 30, c: 3 }, { a: 4, b: 40, c: 2 }, null]);
  // Targets rise with a and b, fall with c: a and b are the top 2.
  const training = [{ a: 1, b: 10, c: 5 }, { a: 2, b: 30, c: 4 }, { a: 3, b: 20, c: 2 }, { a: 4, b: 40, c: 3 }];
  features.setFill(training, [1, 2, 3, 4]);
  const tail = features.input([0, 0, 0, 0, 0], { a: 3, b: 25, c: 2 }).features.slice(-4);
  // a = 3: two below, one equal (ties half) -> 2.5 / 4; b = 25: two below -> 0.5; c = 2: equal to the lowest -> 0.5 / 4.
  assert.deepEqual(tail, [2.5 / 4, 0.5, 0.5 / 4, (2.5 / 4 + 0.5) / 2]);
});
