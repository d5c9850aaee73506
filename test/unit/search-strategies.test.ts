import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSearchLoop } from '../../src/core/search/loop';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { parseConstraint, parseObjective, type Constraint, type Objective } from '../../src/core/search/objectives';
import { STRATEGY_NAMES, createStrategy } from '../../src/core/search/strategies/index';
import { ToyEstimator } from './helpers/toyEstimator';
import { toySpace } from './helpers/toySpace';

const space = toySpace([[0, 1, 2, 3], [0, 1, 2], [0, 1, 2, 3, 4], [0, 1, 2], [0, 1]]); // 360 architectures
const single = [parseObjective('max:acc')];
const multi = [parseObjective('max:acc'), parseObjective('min:lat')];

async function run(name: string, seed: number, budget: number, objectives: Objective[] = single, constraints: Constraint[] = [], options?: Record<string, number>, parallel = 1) {
  const strategy = createStrategy(name, { space, objectives, constraints, seed, budget, options });
  const estimator = new ToyEstimator();
  const outcome = await runSearchLoop({ space, strategy, pool: new InProcessPool(estimator, parallel), objectives, constraints, budget: { evaluations: budget } });
  return { outcome, estimator, keys: outcome.records.map((r) => r.key) };
}

for (const name of STRATEGY_NAMES) {
  const objectives = name === 'nsga2' ? multi : single;
  // With several at once, the toy estimator's results come back in the order asked, so a run is
  // still a function of its seed.
  for (const parallel of [1, 3]) {
    const at = parallel > 1 ? `, ${parallel} at once` : '';

    test(`${name}: never proposes a key twice and is deterministic per seed${at}`, async () => {
      const a = await run(name, 7, 150, objectives, [], undefined, parallel);
      assert.equal(a.keys.length, 150);
      assert.equal(new Set(a.keys).size, 150);
      for (const n of a.estimator.calls.values()) assert.equal(n, 1);
      const b = await run(name, 7, 150, objectives, [], undefined, parallel);
      assert.deepEqual(b.keys, a.keys);
      if (name !== 'grid') {
        const c = await run(name, 8, 150, objectives, [], undefined, parallel);
        assert.notDeepEqual(c.keys, a.keys);
      }
    });

    test(`${name}: exhausts the space without repeating and says so${at}`, async () => {
      const { outcome, keys } = await run(name, 3, 1000, objectives, [], undefined, parallel);
      assert.equal(keys.length, 360);
      assert.equal(new Set(keys).size, 360);
      assert.equal(outcome.stoppedBy, 'exhausted');
      assert.ok(outcome.message && outcome.message.length > 0);
    });
  }

  // Local search waits at its barriers (see local.ts): it may propose fewer, never more.
  const waits = name === 'local';
  test(`${name}: asked for several candidates mid-run, proposes ${waits ? 'at most ' : ''}that many distinct unseen valid ones`, async () => {
    const strategy = createStrategy(name, { space, objectives, constraints: [], seed: 5, budget: 150 });
    const outcome = await runSearchLoop({ space, strategy, pool: new InProcessPool(new ToyEstimator()), objectives, constraints: [], budget: { evaluations: 60 } });
    const seen = new Set(outcome.records.map((r) => r.key));
    for (const count of [1, 4, 7]) {
      const batch = strategy.propose(count);
      if (waits) assert.ok(batch.length <= count, `${count} asked`);
      else assert.equal(batch.length, count, `${count} asked`);
      for (const p of batch) {
        assert.equal(space.check(p.arch), null);
        assert.equal(space.key(p.arch), p.key);
        assert.ok(!seen.has(p.key), `${p.key} proposed again`);
        seen.add(p.key);
      }
    }
  });
}

test('grid search enumerates in rank order and refuses spaces above its limit', async () => {
  const { outcome } = await run('grid', 1, 10);
  assert.deepEqual(outcome.records.map((r) => r.encoding), [...Array(10).keys()].map((i) => space.unrank(BigInt(i)).encoding));
  const big = toySpace(Array.from({ length: 9 }, () => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  assert.throws(() => createStrategy('grid', { space: big, objectives: single, constraints: [], seed: 1 }), /1000000000 .*limit/);
  assert.throws(() => createStrategy('grid', { space, objectives: single, constraints: [], seed: 1, options: { maxSize: 100 } }), /limit 100/);
});

test('the factory refuses unknown strategies and bad settings in one line', () => {
  const ctx = { space, objectives: single, constraints: [], seed: 1 };
  assert.throws(() => createStrategy('annealing', ctx), /unknown strategy 'annealing': expected one of random, grid/);
  assert.throws(() => createStrategy('evolution', { ...ctx, options: { populaton: 5 } }), /no setting 'populaton' \(settings: population/);
  assert.throws(() => createStrategy('evolution', { ...ctx, options: { population: 1.5 } }), /must be an integer >= 2/);
  assert.throws(() => createStrategy('nsga2', { ...ctx, options: { crossover: 2 } }), /<= 1/);
});

test('evolution and local search beat random search on average (toy landscape)', async () => {
  const mean = async (name: string) => {
    let total = 0;
    for (let seed = 0; seed < 20; seed++) {
      const { outcome } = await run(name, seed, 40);
      total += Math.max(...outcome.records.map((r) => r.metrics.acc));
    }
    return total / 20;
  };
  const random = await mean('random');
  assert.ok((await mean('evolution')) > random);
  assert.ok((await mean('local')) > random);
});

test('nsga2 selects parents feasibility-first: feasible ones, then the least violating', async () => {
  const constraints = [parseConstraint('lat<=4')];
  const strategy = createStrategy('nsga2', { space, objectives: multi, constraints, seed: 5, budget: 100, options: { population: 6, nsgaShare: 1 } });
  const outcome = await runSearchLoop({ space, strategy, pool: new InProcessPool(new ToyEstimator()), objectives: multi, constraints, budget: { evaluations: 12 } });
  strategy.propose(1); // closes generation 1: selection from its 6 parents and 6 children
  const state = strategy.snapshot() as { parents: number[]; generation: number };
  assert.equal(state.generation, 2);
  const violation = (i: number) => Math.max(0, outcome.records[i].metrics.lat - 4) / 4;
  const chosen = state.parents.map(violation).sort((a, b) => a - b);
  const worstChosen = chosen[chosen.length - 1];
  assert.equal(new Set(state.parents).size, 6);
  // The pool was all 12 candidates: none left out may violate less than the worst one chosen.
  const rejected = outcome.records.map((r) => r.index).filter((i) => !state.parents.includes(i));
  for (const i of rejected) {
    assert.ok(violation(i) >= worstChosen, `candidate ${i} (violation ${violation(i)}) left out while one with ${worstChosen} was chosen`);
  }
  assert.ok(outcome.records.some((r) => r.feasible) && outcome.records.some((r) => !r.feasible), 'the toy constraint should split the candidates');
});
