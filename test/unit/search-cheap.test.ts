// Cheap metrics in the loop: a strategy asks for candidates' cheap scores before it proposes, the
// loop computes and logs them (not as evaluations), and a resumed run reproduces the uninterrupted one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cheapEvaluator, type CheapRecord } from '../../src/core/estimate/cheap';
import type { Estimator } from '../../src/core/estimate/types';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import type { CandidateRecord } from '../../src/core/run/types';
import { runSearchLoop } from '../../src/core/search/loop';
import { parseObjective } from '../../src/core/search/objectives';
import { createStrategy } from '../../src/core/search/strategies/index';
import { ToyEstimator, toyMetrics } from './helpers/toyEstimator';
import { toySpace } from './helpers/toySpace';

const space = toySpace([[0, 1, 2, 3], [0, 1, 2], [0, 1, 2, 3, 4], [0, 1, 2], [0, 1]]); // 360 architectures
const single = [parseObjective('max:acc')];
const twoObjectives = [parseObjective('max:acc'), parseObjective('min:lat')];

/** A cheap estimator that knows the objective exactly (a perfect zero-cost proxy). */
const oracle: Estimator = {
  name: 'oracle',
  metricNames: () => ['score'],
  evaluate: async (r) => ({ status: 'ok', metrics: { score: toyMetrics(r.encoding).acc } }),
};

async function run(seed: number, budget: number, resume?: { records: CandidateRecord[] }, parallel = 1, name = 'predictor-guided', options?: Record<string, number>) {
  const cheap = cheapEvaluator(space, [oracle]);
  const objectives = name === 'mo-predictor' ? twoObjectives : single;
  const strategy = createStrategy(name, { space, objectives, constraints: [], seed, budget, cheapMetrics: cheap.metricNames(), options });
  const previous = resume?.records;
  const last = previous?.at(-1);
  const inFlight = (last?.inFlight ?? []).map((p) => ({ key: p.key, arch: { encoding: p.encoding } }));
  if (previous) strategy.restore(previous, last?.strategyState, inFlight);
  const scored: CheapRecord[] = [];
  const out = await runSearchLoop({
    space, strategy, pool: new InProcessPool(new ToyEstimator(), parallel), objectives, constraints: [], budget: { evaluations: budget },
    cheap, cheapSink: { appendCheap: (r) => scored.push(r) }, previous, inFlight,
  });
  return { out, scored };
}

test('predictor-guided starts from the best candidate by the cheap metrics, and their scores are logged apart from evaluations', async () => {
  const { out, scored } = await run(1, 20);
  const best = Math.max(...[...space.enumerate()].map((a) => toyMetrics(a.encoding).acc));
  assert.equal(out.records[0].metrics.acc, best);
  assert.equal(out.records.length, 20);
  assert.ok(out.cheapScored > 100, `${out.cheapScored} scored`);
  assert.equal(scored.length, out.cheapScored);
  assert.equal(scored[0].evaluated, 0);
  assert.equal(new Set(scored.map((r) => r.key)).size, scored.length, 'a candidate is scored once');
});

const VARIANTS = [['predictor-guided', undefined], ['predictor-guided', { predictor: 2, vote: 1, radius: 2, uniform: 50 }], ['mo-predictor', { predictor: 1, initial: 5 }]] as const;
for (const [name, options] of VARIANTS) for (const parallel of [1, 3]) {
  test(`${name}${options ? ` ${JSON.stringify(options)}` : ''} with cheap metrics: a resumed run reproduces the uninterrupted one${parallel > 1 ? `, ${parallel} at once` : ''}`, async () => {
    const whole = await run(4, 40, undefined, parallel, name, options);
    if (name === 'mo-predictor') assert.ok(whole.out.cheapScored > 0);
    for (const cut of [3, 12, 27]) {
      const resumed = await run(4, 40, { records: whole.out.records.slice(0, cut) }, parallel, name, options);
      assert.deepEqual(resumed.out.records.map((r) => r.key), whole.out.records.map((r) => r.key), `cut at ${cut}`);
    }
  });
}

test('predictor-guided with graph features, percentile cheap metrics and the top column: a resumed run reproduces the uninterrupted one', async () => {
  const options = { graph: 1, ranks: 1, top: 2, warmPool: 100 };
  const whole = await run(4, 40, undefined, 1, 'predictor-guided', options);
  for (const cut of [3, 12, 27]) {
    const resumed = await run(4, 40, { records: whole.out.records.slice(0, cut) }, 1, 'predictor-guided', options);
    assert.deepEqual(resumed.out.records.map((r) => r.key), whole.out.records.map((r) => r.key), `cut at ${cut}`);
  }
});
