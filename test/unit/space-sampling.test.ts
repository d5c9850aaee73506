import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng';
import { CompiledSearchSpace } from '../../src/core/space/space';
import { SpaceError } from '../../src/core/space/errors';
import { smallSpaces } from './helpers/smallSpaces';
import { assertUniformSampling } from './helpers/uniformity';



test('sampling is uniform over architectures of a variable-depth space (chi-square)', () => {
  const space = new CompiledSearchSpace(smallSpaces.depth());
  const { counts, draws } = assertUniformSampling(space, 7);
  // Per-decision sampling would give depth 1 a third of the draws; uniform gives it 4/84.
  const depth1 = [...counts.entries()].filter(([k]) => k.split(',')[0] === '1').reduce((s, [, c]) => s + c, 0);
  assert.ok(Math.abs(depth1 / draws - 4 / 84) < 0.01, `depth-1 share ${depth1 / draws}`);
});

for (const [name, make] of Object.entries(smallSpaces)) {
  test(`${name}: mutation, crossover and neighbours always give valid members`, () => {
    const space = new CompiledSearchSpace(make());
    const rng = new Rng(3);
    for (let i = 0; i < 300; i++) {
      const a = space.sample(rng);
      const b = space.sample(rng);
      const m = space.mutate(a, rng);
      assert.ok(m);
      assert.equal(space.check(m), null);
      assert.notEqual(space.key(m), space.key(a), 'a mutation changes the architecture');
      const c = space.crossover(a, b, rng);
      assert.equal(space.check(c), null);
      for (const nb of space.neighbours(a)) {
        assert.equal(space.check(nb), null);
        assert.notEqual(space.key(nb), space.key(a));
      }
    }
  });
}

test('neighbours differ in exactly one active decision (cell space: 3 edges x 2 other ops)', () => {
  const space = new CompiledSearchSpace(smallSpaces.cell());
  const a = space.unrank(5n);
  const n = space.neighbours(a);
  assert.equal(n.length, 6);
  for (const b of n) assert.equal(b.encoding.filter((v, i) => v !== a.encoding[i]).length, 1);
});

test('a predicate filters samples, and sampling gives up with a clear error when nothing passes', () => {
  const def = smallSpaces.layerwise();
  const only5 = new CompiledSearchSpace(def, (v) => v.values['layers.0.kernel'] === 5 || 'kernel 3 is not allowed');
  const rng = new Rng(1);
  for (let i = 0; i < 50; i++) assert.equal(only5.values(only5.sample(rng))['layers.0.kernel'], 5);
  assert.equal([...only5.enumerate()].length, Number(only5.size) / 2);
  assert.equal(only5.check(only5.unrank(0n)), 'kernel 3 is not allowed');
  for (const nb of only5.neighbours(only5.sample(rng))) assert.equal(only5.check(nb), null);

  const none = new CompiledSearchSpace(def, () => false);
  assert.throws(() => none.sample(new Rng(1)), (e: unknown) => e instanceof SpaceError && /rejected 10000 uniformly drawn architectures/.test(e.message));
});

test('the same seed gives the same samples', () => {
  const space = new CompiledSearchSpace(smallSpaces.depth());
  const run = (seed: number) => Array.from({ length: 20 }, (_, i, r = new Rng(seed + i)) => space.key(space.sample(r)));
  assert.deepEqual(run(5), run(5));
  assert.notDeepEqual(run(5), run(6));
});

test('fromKey refuses keys that are not in the space', () => {
  const space = new CompiledSearchSpace(smallSpaces.layerwise());
  assert.throws(() => space.fromKey('3,4,1'), /too short/);
  assert.throws(() => space.fromKey('3,4,1,8,9'), /too long/);
  assert.throws(() => space.fromKey('4,4,1,8'), /'4' is not an option of layers.0.kernel/);
});
