// Degenerate cells (an operation on no path from the cell's input to its output) and canonical
// keys (one key per class of identical networks), on NAS-Bench-201 and DARTS cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CELL_OPS, DARTS_OPS, cell, cellStack, dartsCell, dartsStack, defineSpace, type DartsOp } from '../../src/api';
import { Rng } from '../../src/core/rng';
import { CompiledSearchSpace } from '../../src/core/space/space';

const NB201_ZC = path.resolve(__dirname, '../../../../shared/data/nb201-zc.json');

function nb201(): CompiledSearchSpace {
  return new CompiledSearchSpace(defineSpace({ name: 'nb201', input: { shape: [8, 8, 4], classes: 3 }, layers: [cellStack({ cell: cell({ name: 'nb201', nodes: 4, ops: CELL_OPS }), repeat: 1 })] }));
}

function dartsSmall(ops: DartsOp[], nodes = 3): CompiledSearchSpace {
  return new CompiledSearchSpace(defineSpace({ name: 'darts-small', input: { shape: [8, 8, 2], classes: 3 }, layers: [dartsStack({ cells: { c: dartsCell({ nodes, ops }) }, plan: ['c'], channels: 2 })] }));
}

const ALL_NONE = '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|';

test('NAS-Bench-201: exactly 6,180 of the 15,625 cells are degenerate, and the space counts them', () => {
  const space = nb201();
  let degenerate = 0;
  for (const arch of space.enumerate()) if (space.analyse(arch).degenerate) degenerate++;
  assert.equal(degenerate, 6180);
  assert.equal(space.degenerateCount, 6180n);
});

test('NAS-Bench-201: the non-degenerate cells are exactly those NAS-Bench-Suite-Zero scores', { skip: !fs.existsSync(NB201_ZC) && `needs ${NB201_ZC} (the shared data is absent)` }, () => {
  const scored = new Set(Object.keys(JSON.parse(fs.readFileSync(NB201_ZC, 'utf8')) as Record<string, unknown>));
  assert.equal(scored.size, 9445);
  const space = nb201();
  for (const arch of space.enumerate()) {
    const key = space.key(arch);
    assert.equal(!space.analyse(arch).degenerate, scored.has(key), key);
  }
});

test('NAS-Bench-201: the all-none cell outputs zero; a cell with a conv only on a dead end is degenerate but not zero', () => {
  const space = nb201();
  assert.deepEqual(space.analyse(space.fromKey(ALL_NONE)), { degenerate: false, zeroOutput: true });
  // 0->1 conv, but node 1 feeds nothing that reaches node 3; 0->3 skip carries the input.
  const deadEnd = space.fromKey('|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|');
  assert.deepEqual(space.analyse(deadEnd), { degenerate: true, zeroOutput: false });
  assert.equal(space.canonicalKey(deadEnd), '|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|');
  // Every input-less op of a zero-output cell goes: the canonical cell is the all-none one.
  assert.equal(space.canonicalKey(space.fromKey('|none~0|+|none~0|nor_conv_1x1~1|+|none~0|none~1|nor_conv_3x3~2|')), ALL_NONE);
});

test('NAS-Bench-201: isomorphic cells (nodes 1 and 2 swapped) share a canonical key; different networks do not', () => {
  const space = nb201();
  // Node 1 = conv3(x), node 2 = pool(x), output = skip(node 1) + conv1(node 2), and the same with nodes 1 and 2 relabelled.
  const a = space.fromKey('|nor_conv_3x3~0|+|avg_pool_3x3~0|none~1|+|none~0|skip_connect~1|nor_conv_1x1~2|');
  const b = space.fromKey('|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|none~0|nor_conv_1x1~1|skip_connect~2|');
  assert.notEqual(space.key(a), space.key(b));
  assert.equal(space.canonicalKey(a), space.canonicalKey(b));
  // With the edge 1->2 the nodes cannot swap.
  const c = space.fromKey('|nor_conv_3x3~0|+|avg_pool_3x3~0|skip_connect~1|+|none~0|skip_connect~1|nor_conv_1x1~2|');
  assert.equal(space.canonicalKey(c), space.key(c));
  assert.notEqual(space.canonicalKey(c), space.canonicalKey(a));
});

test('canonical keys: a member of the space, of its own class, idempotent; classes never merge different analyses', () => {
  const space = nb201();
  const classes = new Map<string, string>();
  for (const arch of space.enumerate()) {
    const canon = space.canonical(arch);
    assert.equal(space.check(canon), null);
    assert.equal(space.canonicalKey(canon), space.key(canon));
    const zero = String(space.analyse(arch).zeroOutput);
    const before = classes.get(space.key(canon));
    if (before !== undefined) assert.equal(before, zero);
    classes.set(space.key(canon), zero);
    assert.equal(space.analyse(canon).degenerate, false);
  }
  // 15,625 cells, 6,180 degenerate: distinct networks among them, fewer than the 9,445 non-degenerate cells plus their pruned forms.
  assert.ok(classes.size < 9445, `${classes.size} classes`);
  assert.ok(classes.size > 5000, `${classes.size} classes`);
});

test('DARTS: without none no cell is degenerate (counted without enumerating a billion cells)', () => {
  const space = new CompiledSearchSpace(
    defineSpace({
      name: 'darts',
      input: { shape: [32, 32, 3], classes: 10 },
      layers: [dartsStack({ cells: { n: dartsCell({ nodes: 4, ops: ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'] }) }, plan: ['n'], channels: 16 })],
    }),
  );
  assert.equal(space.degenerateCount, 0n);
});

test('DARTS with all eight ops: the degenerate cells of 8^8 x 180 are counted exactly, without enumeration', () => {
  const space = new CompiledSearchSpace(
    defineSpace({ name: 'darts8', input: { shape: [32, 32, 3], classes: 10 }, layers: [dartsStack({ cells: { n: dartsCell({ nodes: 4, ops: DARTS_OPS }) }, plan: ['n'], channels: 16 })] }),
  );
  assert.equal(space.size, 8n ** 8n * 180n);
  const bad = space.degenerateCount!;
  assert.ok(bad > 0n && bad < space.size);
  // Sampled members agree with the count, within sampling error.
  const rng = new Rng(3);
  let seen = 0;
  for (let i = 0; i < 4000; i++) if (space.analyse(space.sample(rng)).degenerate) seen++;
  const p = Number(bad) / Number(space.size);
  assert.ok(Math.abs(seen / 4000 - p) < 4 * Math.sqrt((p * (1 - p)) / 4000), `sampled ${seen / 4000}, counted ${p}`);
});

test('DARTS with none: degenerate cells are counted (dynamic programme) and agree with analyse() on every member', () => {
  const space = dartsSmall(['none', 'skip_connect', 'sep_conv_3x3']);
  let degenerate = 0;
  for (const arch of space.enumerate()) if (space.analyse(arch).degenerate) degenerate++;
  assert.equal(space.degenerateCount, BigInt(degenerate));
  assert.ok(degenerate > 0);
  // Node 2 = none(0) + none(1) is zero, so node 3's op on it reads zero.
  const key = 'c=[(none,0),(none,1),(skip_connect,0),(sep_conv_3x3,2),(skip_connect,1),(skip_connect,3)]';
  assert.deepEqual(space.analyse(space.fromKey(key)), { degenerate: true, zeroOutput: false });
});

test('DARTS: nodes that do not depend on each other relabel to one canonical key', () => {
  const space = dartsSmall(['max_pool_3x3', 'skip_connect', 'sep_conv_3x3']);
  // Nodes 2 and 3 both read only the cell inputs: swapping them is the same network (the output concatenates both).
  const a = space.fromKey('c=[(max_pool_3x3,0),(skip_connect,1),(sep_conv_3x3,0),(sep_conv_3x3,1),(skip_connect,2),(skip_connect,3)]');
  const b = space.fromKey('c=[(sep_conv_3x3,0),(sep_conv_3x3,1),(max_pool_3x3,0),(skip_connect,1),(skip_connect,2),(skip_connect,3)]');
  assert.equal(space.canonicalKey(a), space.canonicalKey(b));
  // Node 3 reads node 2: no swap.
  const c = space.fromKey('c=[(max_pool_3x3,0),(skip_connect,1),(sep_conv_3x3,0),(sep_conv_3x3,2),(skip_connect,2),(skip_connect,3)]');
  assert.equal(space.canonicalKey(c), space.key(c));
  const rng = new Rng(2);
  for (let i = 0; i < 300; i++) {
    const x = space.sample(rng);
    const canon = space.canonical(x);
    assert.equal(space.check(canon), null);
    assert.equal(space.canonicalKey(canon), space.key(canon));
    assert.equal(space.decode(canon).params, space.decode(x).params);
  }
});

test('DARTS with none: a none term reads the smallest free input, so the input it names does not make a new key', () => {
  const space = dartsSmall(['none', 'skip_connect', 'sep_conv_3x3'], 2);
  const a = space.fromKey('c=[(sep_conv_3x3,0),(skip_connect,1),(none,0),(sep_conv_3x3,2)]');
  const b = space.fromKey('c=[(sep_conv_3x3,0),(skip_connect,1),(none,1),(sep_conv_3x3,2)]');
  assert.equal(space.canonicalKey(a), space.canonicalKey(b));
});

test('NAS-Bench-201 searched over distinct networks: 8,764 members, one per class, none degenerate, no zero output', () => {
  const space = nb201();
  const distinct = space.distinctNetworks();
  const keys = [...distinct.enumerate()].map((a) => distinct.key(a));
  assert.equal(keys.length, 8764);
  assert.equal(new Set(keys.map((k) => space.canonicalKey(space.fromKey(k)))).size, keys.length);
  for (const k of keys) assert.deepEqual(space.analyse(space.fromKey(k)), { degenerate: false, zeroOutput: false });
  assert.match(distinct.check(space.fromKey(ALL_NONE)) ?? '', /output is always zero/);
  const rng = new Rng(9);
  for (let i = 0; i < 200; i++) {
    const a = distinct.sample(rng);
    const m = distinct.mutate(a, rng);
    if (m) assert.equal(distinct.check(m), null);
    assert.equal(distinct.check(distinct.crossover(a, distinct.sample(rng), rng)), null);
  }
  // The view of a view is that view.
  assert.equal(distinct.distinctNetworks(), distinct);
});

test('DARTS whose output takes some nodes: a node nothing reads is degenerate, counted by enumeration', () => {
  const space = new CompiledSearchSpace(
    defineSpace({ name: 'darts-out', input: { shape: [8, 8, 2], classes: 3 }, layers: [dartsStack({ cells: { c: dartsCell({ nodes: 3, ops: ['skip_connect', 'sep_conv_3x3'], outputNodes: [4] }) }, plan: ['c'], channels: 2 })] }),
  );
  let degenerate = 0;
  for (const arch of space.enumerate()) if (space.analyse(arch).degenerate) degenerate++;
  assert.equal(space.degenerateCount, BigInt(degenerate));
  // Node 4 reads 0 and 1 only: nodes 2 and 3 feed nothing.
  assert.equal(space.analyse(space.fromKey('c=[(skip_connect,0),(skip_connect,1),(skip_connect,0),(skip_connect,2),(skip_connect,0),(skip_connect,1)]')).degenerate, true);
  assert.equal(space.analyse(space.fromKey('c=[(skip_connect,0),(skip_connect,1),(skip_connect,0),(skip_connect,2),(skip_connect,0),(skip_connect,3)]')).degenerate, false);
});
