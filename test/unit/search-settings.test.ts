import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSpaceSearchDefaults, mergeSearchSettings } from '../../src/core/search/settings';
import { SpaceError } from '../../src/core/space/errors';

const fallback = { strategy: 'random', budget: 50, seed: 0, estimator: 'proxy', objectives: ['max:acc'] };

test('the user\'s choice wins, then the space file, then the fallbacks', () => {
  const space = { strategy: 'nsga2' as const, budget: 12, estimator: 'table:x.json', objectives: ['max:val_acc', 'min:latency_ms'], constraints: ['params<=1000'] };
  assert.deepEqual(mergeSearchSettings({}, undefined, fallback), { ...fallback, constraints: [] });
  assert.deepEqual(mergeSearchSettings({}, space, fallback), { ...space, seed: 0 });
  assert.deepEqual(
    mergeSearchSettings({ strategy: 'evolution', budget: 3, seed: 7, estimator: 'proxy', objectives: ['min:params'], constraints: [], timeLimitSec: 9, strategyOptions: { population: 4 }, estimatorOptions: { epochs: 2 } }, space, fallback),
    { strategy: 'evolution', budget: 3, seed: 7, estimator: 'proxy', objectives: ['min:params'], constraints: [], timeLimitSec: 9, strategyOptions: { population: 4 }, estimatorOptions: { epochs: 2 } },
  );
});

test('an empty objective list is no choice; the result shares no array with its sources', () => {
  const space = { objectives: ['max:val_acc'] };
  const merged = mergeSearchSettings({ objectives: [] }, space, fallback);
  assert.deepEqual(merged.objectives, ['max:val_acc']);
  merged.objectives.push('min:x');
  assert.deepEqual(space.objectives, ['max:val_acc']);
  assert.deepEqual(mergeSearchSettings({}, { objectives: [] }, fallback).objectives, ['max:acc']);
});

test('evaluations at once: the user\'s choice, else the caller\'s; one is recorded as nothing', () => {
  assert.equal(mergeSearchSettings({}, undefined, fallback).parallel, undefined);
  assert.equal(mergeSearchSettings({}, undefined, { ...fallback, parallel: 3 }).parallel, 3);
  assert.equal(mergeSearchSettings({ parallel: 2 }, undefined, { ...fallback, parallel: 3 }).parallel, 2);
  assert.equal('parallel' in mergeSearchSettings({ parallel: 1 }, undefined, { ...fallback, parallel: 3 }), false);
});

test('a space file\'s search block may name only a registered strategy, and the error points at defineSpace()', () => {
  const loc = { file: '/s.nasspace.ts', line: 3, column: 16 };
  checkSpaceSearchDefaults(undefined, loc);
  checkSpaceSearchDefaults({ strategy: 'nsga2', budget: 5 }, loc);
  checkSpaceSearchDefaults({ budget: 5 }, loc);
  assert.throws(() => checkSpaceSearchDefaults({ strategy: 'annealing' }, loc), (e: unknown) => e instanceof SpaceError && e.format() === '/s.nasspace.ts:3:16: defineSpace(): search.strategy must be one of random, grid, evolution, local, nsga2, mo-predictor, halving, hyperband, predictor-guided, got "annealing"');
});

test('cheap estimators: the user\'s, else the space file\'s; none is recorded as nothing', () => {
  assert.equal(mergeSearchSettings({}, undefined, fallback).cheap, undefined);
  assert.deepEqual(mergeSearchSettings({}, { cheap: ['table:zc.json'] }, fallback).cheap, ['table:zc.json']);
  assert.deepEqual(mergeSearchSettings({ cheap: ['zc'] }, { cheap: ['table:zc.json'] }, fallback).cheap, ['zc']);
  assert.equal(mergeSearchSettings({ cheap: [] }, undefined, fallback).cheap, undefined);
});
