// DARTS cells: the exact size of the DARTS space, genotype keys, uniform sampling, valid
// variation, the combinatorial number system, latency-table entries, and the errors of a bad cell or plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dartsCell, dartsStack, defineSpace, type DartsOp } from '../../src/api';
import { Rng } from '../../src/core/rng';
import { binomial, rankCombination, unrankCombination } from '../../src/core/space/combinations';
import { SpaceError } from '../../src/core/space/errors';
import { CompiledSearchSpace } from '../../src/core/space/space';
import { isWorkNode, unitsOf } from '../../src/hardware/opUnits';
import { assertUniformSampling } from './helpers/uniformity';

const DARTS_SEARCH_OPS: DartsOp[] = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'];

function dartsSpace(opts: { nodes?: number; ops?: DartsOp[]; plan?: string[]; inputsPerNode?: number; channels?: number; shape?: [number, number, number] } = {}): CompiledSearchSpace {
  const cell = (reduction: boolean) => dartsCell({ nodes: opts.nodes ?? 4, inputsPerNode: opts.inputsPerNode ?? 2, ops: opts.ops ?? DARTS_SEARCH_OPS, reduction });
  return new CompiledSearchSpace(
    defineSpace({
      name: 'darts',
      input: { shape: opts.shape ?? [32, 32, 3], classes: 10 },
      layers: [dartsStack({ cells: { normal: cell(false), reduce: cell(true) }, plan: opts.plan ?? ['normal', 'normal', 'reduce', 'normal', 'normal', 'reduce', 'normal', 'normal'], channels: opts.channels ?? 16 })],
    }),
  );
}

// DARTS's published genotype (DARTS_V2) as our key: each node's pairs listed by input.
const DARTS_V2 =
  'normal=[(sep_conv_3x3,0),(sep_conv_3x3,1),(sep_conv_3x3,0),(sep_conv_3x3,1),(skip_connect,0),(sep_conv_3x3,1),(skip_connect,0),(skip_connect,2)],' +
  'reduce=[(max_pool_3x3,0),(max_pool_3x3,1),(max_pool_3x3,1),(skip_connect,2),(max_pool_3x3,0),(skip_connect,2),(max_pool_3x3,1),(skip_connect,2)]';
// As genotypes.py writes it, pairs in the order DARTS picked them.
const DARTS_V2_AS_PUBLISHED = DARTS_V2.replace(/reduce=.*/, 'reduce=[(max_pool_3x3,0),(max_pool_3x3,1),(skip_connect,2),(max_pool_3x3,1),(max_pool_3x3,0),(skip_connect,2),(skip_connect,2),(max_pool_3x3,1)]');

test('the DARTS space has 7^8 x C(2,2) x C(3,2) x C(4,2) x C(5,2) cells of each kind, exactly', () => {
  const perCell = 7n ** 8n * 1n * 3n * 6n * 10n;
  assert.equal(perCell, 1_037_664_180n);
  assert.equal(dartsSpace().size, 1_076_746_950_455_072_400n);
  assert.equal(dartsSpace().size, perCell * perCell);
  assert.equal(dartsSpace({ plan: ['normal'] }).size, perCell);
});

test('the combinatorial number system ranks every k-subset once, in colex order', () => {
  for (const [n, k] of [[5, 2], [7, 3], [6, 1], [4, 4]]) {
    const seen = new Set<string>();
    for (let r = 0; r < binomial(n, k); r++) {
      const s = unrankCombination(r, k);
      assert.equal(s.length, k);
      assert.ok(s.every((c, i) => c < n && (i === 0 || s[i - 1] < c)), `${s} is an ascending subset of 0..${n - 1}`);
      assert.equal(rankCombination(s), r);
      seen.add(s.join());
    }
    assert.equal(seen.size, binomial(n, k));
  }
  assert.deepEqual(unrankCombination(0, 2), [0, 1]);
  assert.deepEqual(unrankCombination(1, 2), [0, 2]);
  assert.deepEqual(unrankCombination(2, 2), [1, 2]);
});

test('keys read like DARTS genotypes and round-trip (DARTS_V2 among them)', () => {
  const space = dartsSpace();
  const v2 = space.fromKey(DARTS_V2);
  assert.equal(space.key(v2), DARTS_V2);
  assert.equal(space.check(v2), null);
  assert.equal(space.values(v2)['cells.normal.node5.inputs'], '0+2');
  const rng = new Rng(1);
  for (let i = 0; i < 200; i++) {
    const a = space.sample(rng);
    const key = space.key(a);
    assert.match(key, /^normal=\[(\([a-z0-9_]+,\d\),?){8}\],reduce=\[(\([a-z0-9_]+,\d\),?){8}\]$/);
    assert.deepEqual(space.fromKey(key).encoding, a.encoding);
    assert.equal(space.unrank(space.rank(a)).encoding.join(), a.encoding.join());
  }
  // A node's pairs may come in either order; the key lists them by input.
  assert.equal(space.key(space.fromKey(DARTS_V2_AS_PUBLISHED)), DARTS_V2);
});

test('bad genotype keys are refused with the reason', () => {
  const space = dartsSpace();
  assert.throws(() => space.fromKey(DARTS_V2.replace('(skip_connect,2)]', '(skip_connect,5)]')), /node 5 of cell normal needs 2 distinct inputs among 0\.\.4/);
  assert.throws(() => space.fromKey(DARTS_V2.replace('(sep_conv_3x3,1),(skip_connect,0)', '(sep_conv_3x3,0),(skip_connect,0)')), /distinct inputs/);
  assert.throws(() => space.fromKey(DARTS_V2.replace('max_pool_3x3', 'conv_7x1')), /'conv_7x1' is not an operation of cell reduce/);
  assert.throws(() => space.fromKey(DARTS_V2.split('],')[0] + ']'), /too short/);
});

test('sampling is uniform over a small DARTS variant (chi-square over all 2 x 3 x 3^3 x 3 cells)', () => {
  // Two nodes: node 2 takes inputs {0,1}; node 3 one of {0,1}, {0,2}, {1,2}; 3 ops on each of 4 inputs.
  const space = dartsSpace({ nodes: 2, ops: ['max_pool_3x3', 'skip_connect', 'sep_conv_3x3'], plan: ['normal'], channels: 2, shape: [4, 4, 1] });
  const n = Number(space.size);
  assert.equal(n, 3 ** 4 * 3);
  const { counts, draws } = assertUniformSampling(space, 11);
  // The inputs of node 3 are uniform over its three subsets (not over its two slots).
  const share = [...counts.entries()].filter(([k]) => /\(\w+,0\),\(\w+,1\)\]$/.test(k)).reduce((s, [, c]) => s + c, 0) / draws;
  assert.ok(Math.abs(share - 1 / 3) < 0.02, `inputs {0,1} of node 3 drawn ${share}`);
});

/** The (op,input) pairs of a genotype key, node by node. */
const pairsOf = (key: string) => [...key.matchAll(/\((\w+),(\d)\)/g)].map((m) => `${m[1]},${m[2]}`);

test('mutation changes one op, or one input keeping its op, and stays a member; crossover and neighbours too', () => {
  const space = dartsSpace();
  const rng = new Rng(5);
  let inputChanges = 0;
  for (let i = 0; i < 300; i++) {
    const a = space.sample(rng);
    const m = space.mutate(a, rng)!;
    assert.equal(space.check(m), null);
    const [pa, pm] = [pairsOf(space.key(a)), pairsOf(space.key(m))];
    // Node by node, exactly one pair differs: its op (same input) or its input (same op).
    const changed = [0, 1, 2, 3, 4, 5, 6, 7].filter((n) => pa.slice(2 * n, 2 * n + 2).sort().join() !== pm.slice(2 * n, 2 * n + 2).sort().join());
    assert.equal(changed.length, 1, `${space.key(a)} -> ${space.key(m)}`);
    const before = pa.slice(2 * changed[0], 2 * changed[0] + 2).filter((p) => !pm.slice(2 * changed[0], 2 * changed[0] + 2).includes(p));
    const after = pm.slice(2 * changed[0], 2 * changed[0] + 2).filter((p) => !pa.slice(2 * changed[0], 2 * changed[0] + 2).includes(p));
    assert.equal(before.length, 1);
    const [[opA, inA], [opM, inM]] = [before[0].split(','), after[0].split(',')];
    assert.ok((opA === opM) !== (inA === inM), `${before[0]} -> ${after[0]}`);
    if (opA === opM) inputChanges++;
    assert.equal(space.check(space.crossover(a, space.sample(rng), rng)), null);
  }
  // 6 of the 22 mutable decisions are node inputs.
  assert.ok(inputChanges > 40 && inputChanges < 130, `${inputChanges} input changes`);
  const a = space.sample(rng);
  const ns = space.neighbours(a);
  // Per cell: 8 op decisions with 6 other ops each, node inputs with 0 + 2 + 5 + 9 other subsets.
  assert.equal(ns.length, 2 * (8 * 6 + 2 + 5 + 9));
  assert.equal(new Set(ns.map((x) => space.key(x))).size, ns.length);
  for (const x of ns) assert.equal(space.check(x), null);
});

test('the DARTS cell builds as DARTS does: stem, preprocessing, factorized reduce, channels doubled at reductions', () => {
  const space = dartsSpace();
  const g = space.decode(space.fromKey(DARTS_V2));
  const out = (group: string) => g.nodes.filter((n) => n.group === group).at(-1)!.shape;
  assert.deepEqual(out('layers.0.stem'), [32, 32, 48]);
  assert.deepEqual(out('layers.0.cells.0'), [32, 32, 64]);
  assert.deepEqual(out('layers.0.cells.2'), [16, 16, 128]);
  assert.deepEqual(out('layers.0.cells.7'), [8, 8, 256]);
  // The cell after a reduction brings its first input down by a factorized reduce: a one-pixel crop beside a stride-2 1x1 conv.
  const cell3 = g.nodes.filter((n) => n.group === 'layers.0.cells.3');
  assert.ok(cell3.some((n) => n.op === 'crop'));
  const reduceOnly = dartsSpace({ plan: ['reduce'] });
  const dil = reduceOnly.decode(reduceOnly.fromKey(DARTS_V2.split('],')[1].replace(/max_pool_3x3/g, 'dil_conv_5x5')));
  const strided = dil.nodes.filter((n) => n.op === 'depthwiseConv2d' && n.attrs.dilation === 2 && n.attrs.stride === 2);
  assert.ok(strided.length > 0);
  for (const n of strided) assert.deepEqual(n.shape.slice(0, 2), [16, 16]);
});

test('bad DARTS definitions are located one-line errors', () => {
  const bad = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof SpaceError && re.test(e.message) && !e.message.includes('\n'));
  bad(() => dartsCell({ nodes: 4, inputsPerNode: 3, ops: DARTS_SEARCH_OPS }), /only the cell's 2 inputs.*'inputsPerNode' 3 is more than it has predecessors/);
  bad(() => dartsCell({ nodes: 4, ops: ['sep_conv_3x3', 'conv_7x1' as DartsOp] }), /unknown operation "conv_7x1"/);
  bad(() => dartsCell({ nodes: 4, ops: DARTS_SEARCH_OPS, outputNodes: [] }), /concatenates nothing/);
  bad(() => dartsCell({ nodes: 4, ops: DARTS_SEARCH_OPS, outputNodes: [1] }), /output node 1 is not an intermediate node \(2\.\.5\)/);
  const normal = dartsCell({ nodes: 2, ops: DARTS_SEARCH_OPS });
  bad(() => dartsStack({ cells: { normal }, plan: ['normal', 'reduction'], channels: 8 }), /plan\[1\] names the cell "reduction", which does not exist \(cells: normal\)/);
  bad(() => dartsStack({ cells: { normal }, plan: ['normal'], channels: 7 }), /'channels' must be an even number/);
  // 8x8: two reductions reach 2x2, a third 1x1, a fourth cannot halve.
  bad(() => dartsSpace({ shape: [8, 8, 3], plan: ['reduce', 'reduce', 'reduce', 'reduce'] }), /plan\[3\] places the reduction cell 'reduce' where it receives a 1x1 feature map, whose resolution cannot halve/);
  bad(() => dartsSpace({ shape: [6, 6, 3], plan: ['reduce', 'reduce'] }), /plan\[1\] places the reduction cell 'reduce' where it receives a 3x3 feature map/);
});

test('the operator table tells the DARTS ops apart: dilation, the crop of factorized reduce, concatenation', () => {
  const space = dartsSpace();
  const g = space.decode(space.fromKey(DARTS_V2.replace('(sep_conv_3x3,0),(sep_conv_3x3,1),(sep_conv_3x3,0)', '(dil_conv_3x3,0),(sep_conv_3x3,1),(sep_conv_3x3,0)')));
  const units = unitsOf(g);
  const sigs = units.map((u) => u.signature);
  assert.ok(sigs.includes('depthwiseConv2d in=32x32x16 out=32x32x16 kernel=3 stride=1 padding=same useBias=false dilation=2'), 'a dilated depthwise convolution has its own entry');
  assert.ok(sigs.includes('depthwiseConv2d in=32x32x16 out=32x32x16 kernel=3 stride=1 padding=same useBias=false'));
  assert.ok(sigs.some((s) => s.startsWith('crop in=32x32x64 out=31x31x64') && s.endsWith('top=1 left=1')));
  assert.ok(sigs.includes('concat in=32x32x16+32x32x16+32x32x16+32x32x16 out=32x32x64'));
  // Without fusion, one unit per node that costs anything at inference.
  assert.equal(units.length, g.nodes.filter(isWorkNode).length);
});
