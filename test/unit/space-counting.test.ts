import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choice, conv, defineSpace, int } from '../../src/api';
import { smallSpaces } from './helpers/smallSpaces';
import { CompiledSearchSpace } from '../../src/core/space/space';
import { DecisionForest } from '../../src/core/space/forest';

/** Brute force: every vector of (option or inactive) per decision, counted when it is a member. */
function bruteForceCount(space: CompiledSearchSpace): number {
  const forest = new DecisionForest(space.decisions);
  const radix = space.decisions.map((d) => d.options.length + 1);
  let count = 0;
  const enc = radix.map(() => -1);
  const visit = (i: number): void => {
    if (i === radix.length) {
      if (forest.checkEncoding(enc) === null) count++;
      return;
    }
    for (let v = -1; v < radix[i] - 1; v++) {
      enc[i] = v;
      visit(i + 1);
    }
  };
  visit(0);
  return count;
}

for (const [name, make] of Object.entries(smallSpaces)) {
  test(`${name}: exact size equals brute-force enumeration`, () => {
    const space = new CompiledSearchSpace(make());
    assert.equal(space.size, BigInt(bruteForceCount(space)));
  });

  test(`${name}: unrank is a bijection onto valid members; rank and keys round-trip`, () => {
    const space = new CompiledSearchSpace(make());
    const keys = new Set<string>();
    for (let r = 0n; r < space.size; r++) {
      const a = space.unrank(r);
      assert.equal(space.check(a), null);
      assert.equal(space.rank(a), r);
      const key = space.key(a);
      keys.add(key);
      assert.deepEqual(space.fromKey(key).encoding, a.encoding);
    }
    assert.equal(BigInt(keys.size), space.size);
  });
}

test('sizes: a conditional choice counts only where it exists; variable depth sums over depths', () => {
  assert.equal(new CompiledSearchSpace(smallSpaces.conditional()).size, 2n * (1n + 3n));
  const space = new CompiledSearchSpace(smallSpaces.conditional());
  const narrow = [...space.enumerate()].find((a) => space.values(a)['layers.3.units.if'] === false)!;
  assert.equal(space.values(narrow)['layers.3.units'], undefined);
  assert.deepEqual(space.decode(narrow).nodes.filter((n) => n.op === 'dense').map((n) => n.attrs.units), [8, 16, 3]);
  assert.equal(new CompiledSearchSpace(smallSpaces.depth()).size, 4n + 16n + 64n);
  assert.equal(new CompiledSearchSpace(smallSpaces.cell()).size, 27n);
});

test('huge spaces are counted exactly as BigInt (10^100)', () => {
  const layers = Array.from({ length: 100 }, () => conv({ filters: 4, kernel: int(1, 10) }));
  const space = new CompiledSearchSpace(defineSpace({ name: 'huge', input: { shape: [8, 8, 1], classes: 2 }, layers }));
  assert.equal(space.size, 10n ** 100n);
  const a = space.unrank(10n ** 100n - 1n);
  assert.equal(space.rank(a), 10n ** 100n - 1n);
});

test('reusing one choice object ties the decision across layers', () => {
  const k = choice(3, 5, 7);
  const space = new CompiledSearchSpace(defineSpace({ name: 'tied', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: 4, kernel: k }), conv({ filters: 4, kernel: k })] }));
  assert.equal(space.size, 3n);
});
