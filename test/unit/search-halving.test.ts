import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluationId } from '../../src/core/estimate/fidelity';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { finalRecords } from '../../src/core/run/rungs';
import type { CandidateRecord } from '../../src/core/run/types';
import { runSearchLoop } from '../../src/core/search/loop';
import { parseConstraint, parseObjective, type Constraint, type Objective } from '../../src/core/search/objectives';
import { createStrategy } from '../../src/core/search/strategies/index';
import { PROPOSERS, rungLevels } from '../../src/core/search/strategies/halving';
import { isMultiFidelity, STRATEGY_NAMES } from '../../src/core/search/strategies/index';
import { summarizeRun } from '../../src/core/search/summary';
import { CurveEstimator } from './helpers/curveEstimator';
import { toySpace } from './helpers/toySpace';

const space = toySpace([[0, 1, 2, 3], [0, 1, 2], [0, 1, 2, 3, 4], [0, 1, 2], [0, 1]]); // 360 architectures
const single = [parseObjective('max:acc')];
const multi = [parseObjective('max:acc'), parseObjective('min:lat')];
const fidelity = { setting: 'epochs', min: 1, max: 9 };

interface RunOptions {
  strategy?: string;
  options?: Record<string, number | string>;
  objectives?: Objective[];
  constraints?: Constraint[];
  parallel?: number;
  budget: number;
  seed?: number;
  previous?: CandidateRecord[];
}

function make(o: RunOptions) {
  return createStrategy(o.strategy ?? 'halving', { space, objectives: o.objectives ?? single, constraints: o.constraints ?? [], seed: o.seed ?? 1, options: o.options, fidelity });
}

async function run(o: RunOptions) {
  const strategy = make(o);
  const objectives = o.objectives ?? single;
  const constraints = o.constraints ?? [];
  let inFlight;
  if (o.previous) {
    const last = o.previous.at(-1);
    const done = new Set(o.previous.map((r) => evaluationId(r.key, r.fidelity)));
    inFlight = (last?.inFlight ?? []).filter((c) => !done.has(evaluationId(c.key, c.fidelity))).map((c) => ({ key: c.key, arch: { encoding: c.encoding }, fidelity: c.fidelity }));
    strategy.restore(o.previous, last?.strategyState, inFlight);
  }
  const estimator = new CurveEstimator();
  const outcome = await runSearchLoop({ space, strategy, pool: new InProcessPool(estimator, o.parallel ?? 1), objectives, constraints, budget: { evaluations: o.budget }, previous: o.previous, inFlight });
  return { outcome, estimator, ids: outcome.records.map((r) => evaluationId(r.key, r.fidelity)) };
}

test('rung levels: min * eta^k below max, then max', () => {
  assert.deepEqual(rungLevels(1, 9, 3), [1, 3, 9]);
  assert.deepEqual(rungLevels(1, 10, 3), [1, 3, 9, 10]);
  assert.deepEqual(rungLevels(1, 4, 2), [1, 2, 4]);
  assert.deepEqual(rungLevels(2, 2, 3), [2]);
});

test('synchronous halving: a bracket of eta^2 at rung 0, its best third at rung 1, the best of those at rung 2', async () => {
  const { outcome } = await run({ budget: 13 });
  const byRung = [0, 1, 2].map((k) => outcome.records.filter((r) => r.fidelity?.rung === k));
  assert.deepEqual(byRung.map((r) => r.length), [9, 3, 1]);
  assert.deepEqual(byRung.map((r) => r[0].fidelity?.value), [1, 3, 9]);
  // The promoted are the best by the rung's accuracy, in that order.
  const bestOf = (rs: CandidateRecord[], n: number) => [...rs].sort((a, b) => b.metrics.acc - a.metrics.acc || a.index - b.index).slice(0, n).map((r) => r.key);
  assert.deepEqual(byRung[1].map((r) => r.key), bestOf(byRung[0], 3));
  assert.deepEqual(byRung[2].map((r) => r.key), bestOf(byRung[1], 1));
  // Summaries see each candidate once, at its highest level.
  const finals = finalRecords(outcome.records);
  assert.equal(finals.length, 9);
  assert.equal(summarizeRun(outcome.records, single, []).best?.key, byRung[2][0].key);
});

for (const [strategy, options] of [['halving', {}], ['halving', { async: 1 }], ['hyperband', {}], ['halving', { async: 1, proposer: 'evolution' }], ['halving', { proposer: 'nsga2' }], ['hyperband', { proposer: 'predictor-guided' }]] as const) {
  for (const parallel of [1, 3]) {
    const name = `${strategy} ${JSON.stringify(options)}${parallel > 1 ? `, ${parallel} at once` : ''}`;
    test(`${name}: each key at each level once, promoted only from the rung below, deterministic`, async () => {
      const objectives = 'proposer' in options && options.proposer === 'nsga2' ? multi : single;
      const a = await run({ strategy, options, objectives, parallel, budget: 80 });
      assert.equal(a.ids.length, 80);
      assert.equal(new Set(a.ids).size, 80);
      for (const n of a.estimator.calls.values()) assert.equal(n, 1);
      const rungs = new Map<string, number[]>();
      for (const r of a.outcome.records) rungs.set(r.key, [...(rungs.get(r.key) ?? []), r.fidelity!.rung]);
      assert.ok([...rungs.values()].some((rs) => rs.length > 1), 'something was promoted');
      for (const [key, rs] of rungs) for (let i = 1; i < rs.length; i++) assert.equal(rs[i], rs[i - 1] + 1, `${key} rungs ${rs.join(',')}`);
      const b = await run({ strategy, options, objectives, parallel, budget: 80 });
      assert.deepEqual(b.ids, a.ids);
    });

    test(`${name}: resumed from any record (its in-flight ones re-issued), continues exactly`, async () => {
      const objectives = 'proposer' in options && options.proposer === 'nsga2' ? multi : single;
      const whole = await run({ strategy, options, objectives, parallel, budget: 60 });
      for (const cut of [1, 10, 23, 37]) {
        const previous = whole.outcome.records.slice(0, cut).map((r) => structuredClone(r));
        const resumed = await run({ strategy, options, objectives, parallel, budget: 60, previous });
        if (parallel === 1) assert.deepEqual(resumed.ids, whole.ids, `cut at ${cut}`);
        // With several at once the completion order is the pool's; the set of evaluations is the run's.
        else assert.deepEqual([...resumed.ids].sort(), [...whole.ids].sort(), `cut at ${cut}`);
        for (const [id, n] of resumed.estimator.calls) assert.equal(n, 1, `${id} evaluated again after resuming at ${cut}`);
        assert.ok(!previous.some((r) => resumed.estimator.calls.has(evaluationId(r.key, r.fidelity))), `a finished result was evaluated again after resuming at ${cut}`);
      }
    });
  }
}

test('ASHA with 3 lanes never waits for a rung to fill; synchronous halving does', async () => {
  const a = await run({ options: { async: 1 }, parallel: 3, budget: 40 });
  // Every record (after the first lane filled) was written with two others still in flight.
  assert.ok(a.outcome.records.slice(0, 38).every((r) => (r.inFlight?.length ?? 0) === 2));
  const s = await run({ parallel: 3, budget: 40 });
  assert.ok(s.outcome.records.some((r) => (r.inFlight?.length ?? 0) < 2 && r.index < 38));
});

test('multi-objective halving with a constraint promotes no infeasible candidate while a feasible one is left', async () => {
  const constraints = [parseConstraint('lat<=8')];
  const { outcome } = await run({ objectives: multi, constraints, budget: 13 });
  const rung0 = outcome.records.filter((r) => r.fidelity?.rung === 0);
  const feasible = rung0.filter((r) => r.feasible).length;
  const promoted = outcome.records.filter((r) => r.fidelity?.rung === 1);
  assert.ok(feasible >= 1 && feasible < 9, `a mixed rung (${feasible} feasible of 9)`);
  assert.equal(promoted.filter((r) => r.feasible).length, Math.min(feasible, 3));
});

test('without a fidelity, halving is its proposer', async () => {
  const strategy = createStrategy('halving', { space, objectives: single, constraints: [], seed: 1 });
  const random = createStrategy('random', { space, objectives: single, constraints: [], seed: 1 });
  assert.deepEqual(strategy.propose(5).map((p) => [p.key, p.fidelity]), random.propose(5).map((p) => [p.key, undefined]));
});

test('the proposer is any base strategy by name, the list being the registry without the multi-fidelity strategies', () => {
  assert.deepEqual([...PROPOSERS].sort(), STRATEGY_NAMES.filter((n) => !isMultiFidelity(n)).sort());
  for (const proposer of PROPOSERS) {
    const halving = createStrategy('halving', { space, objectives: multi, constraints: [], seed: 4, options: { proposer } });
    const alone = createStrategy(proposer, { space, objectives: multi, constraints: [], seed: 4 });
    assert.deepEqual(halving.propose(3).map((p) => p.key), alone.propose(3).map((p) => p.key), proposer);
  }
});

test('a proposer recorded by number (runs from before it took names) is the one at that position, which never moves', () => {
  assert.deepEqual(PROPOSERS.slice(0, 4), ['random', 'evolution', 'nsga2', 'mo-predictor']);
  PROPOSERS.forEach((proposer, i) => {
    const byName = make({ options: { proposer }, objectives: multi, budget: 0 });
    const byNumber = make({ options: { proposer: i }, objectives: multi, budget: 0 });
    assert.deepEqual(byNumber.propose(4), byName.propose(4), `${i} is ${proposer}`);
  });
});

test('a proposer that is not a base strategy is refused in one line naming the setting and the choices', () => {
  for (const proposer of ['halving', 'annealing', 7, 1.5]) {
    assert.throws(() => make({ options: { proposer }, budget: 0 }), (e: Error) => /^strategy halving: setting 'proposer' must be one of random, evolution, nsga2, .*grid, got /.test(e.message) && !e.message.includes('\n'), String(proposer));
  }
  assert.throws(() => make({ options: { eta: 'three' }, budget: 0 }), /strategy halving: setting 'eta' must be an integer >= 2, got "three"$/);
  assert.throws(() => createStrategy('nsga2', { space, objectives: multi, constraints: [], seed: 1, options: { proposer: 'random' } }), /strategy nsga2 has no setting 'proposer'/);
  assert.throws(() => make({ options: { bogus: 1 }, budget: 0 }), /\(settings: eta, async, n, proposer\)$/);
});
