import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadTableFile } from '../../src/core/estimate/tableFile';
import { prepareResume } from '../../src/core/run/resume';
import { RunStore } from '../../src/core/run/store';
import { runSearchLoop } from '../../src/core/search/loop';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { parseConstraint, parseObjective, type Constraint } from '../../src/core/search/objectives';
import { createStrategy } from '../../src/core/search/strategies/index';
import type { SearchSpace } from '../../src/core/space/searchSpace';
import type { Estimator } from '../../src/core/estimate/types';
import { MO_OBJECTIVES, trueFront } from '../../bench/nb201-search/multiObjective';
import { ToyEstimator } from './helpers/toyEstimator';
import { nb201LikeSpace, toySpace } from './helpers/toySpace';

const toy = toySpace([[0, 1, 2, 3], [0, 1, 2], [0, 1, 2, 3, 4], [0, 1, 2], [0, 1]]); // 360 architectures
const multi = [parseObjective('max:acc'), parseObjective('min:lat')];
const NB201 = path.resolve(__dirname, '../../../data/nas-bench-201.json.gz');

async function run(space: SearchSpace, estimator: Estimator, seed: number, budget: number, objectives = multi, constraints: Constraint[] = [], strategyName = 'mo-predictor') {
  const strategy = createStrategy(strategyName, { space, objectives, constraints, seed, budget });
  return runSearchLoop({ space, strategy, pool: new InProcessPool(estimator), objectives, constraints, budget: { evaluations: budget } });
}

test('mo-predictor: never repeats a key, is deterministic per seed, and exhausts a small space cleanly', async () => {
  const a = await run(toy, new ToyEstimator(), 4, 120);
  const keys = a.records.map((r) => r.key);
  assert.equal(new Set(keys).size, 120);
  assert.deepEqual((await run(toy, new ToyEstimator(), 4, 120)).records.map((r) => r.key), keys);
  assert.notDeepEqual((await run(toy, new ToyEstimator(), 5, 120)).records.map((r) => r.key), keys);
  const all = await run(toy, new ToyEstimator(), 4, 1000);
  assert.equal(new Set(all.records.map((r) => r.key)).size, 360);
  assert.equal(all.stoppedBy, 'exhausted');
});

test('mo-predictor: failed candidates are skipped by the model and never retried', async () => {
  const estimator = new ToyEstimator({ failFor: (k) => k.startsWith('1-') });
  const out = await run(toy, estimator, 2, 100);
  assert.ok(out.records.some((r) => r.status === 'failed'));
  for (const n of estimator.calls.values()) assert.equal(n, 1);
});

test('mo-predictor: resuming after a log cut mid-line reproduces the uninterrupted run (objectives and a constraint)', async () => {
  const constraints = [parseConstraint('lat<=6')];
  const budget = 80;
  const info = {
    toolVersion: 'test', spaceFile: 'toy.nasspace.ts', spaceHash: 'h1', spaceName: toy.name, spaceSize: String(toy.size),
    settings: { strategy: 'mo-predictor', budget, seed: 9, estimator: 'toy', objectives: ['max:acc', 'min:lat'], constraints: ['lat<=6'] },
  };
  const search = async (store: RunStore, resume?: ReturnType<typeof prepareResume>) => {
    const strategy = createStrategy('mo-predictor', { space: toy, objectives: multi, constraints, seed: 9, budget });
    if (resume) strategy.restore(resume.records, resume.strategyState);
    const out = await runSearchLoop({ space: toy, strategy, pool: new InProcessPool(new ToyEstimator()), objectives: multi, constraints, budget: { evaluations: budget }, sink: store, previous: resume?.records });
    store.close();
    return out;
  };
  const whole = await search(RunStore.create(fs.mkdtempSync(path.join(os.tmpdir(), 'nas-mo-')), info));
  for (const cut of [1, 19, 20, 21, 55]) {
    const store = RunStore.create(fs.mkdtempSync(path.join(os.tmpdir(), 'nas-mo-')), info);
    await search(store);
    const lines = fs.readFileSync(store.candidatesFile, 'utf8').split('\n');
    fs.writeFileSync(store.candidatesFile, lines.slice(0, cut).join('\n') + '\n' + lines[cut].slice(0, lines[cut].length >> 1));
    const plan = prepareResume(store.dir, 'h1');
    assert.equal(plan.records.length, cut);
    const resumed = await search(plan.store, plan);
    assert.deepEqual(resumed.records.map((r) => r.key), whole.records.map((r) => r.key), `cut at ${cut}`);
  }
});

test('mo-predictor: with a constraint, it evaluates mostly feasible candidates once the model is trained', async () => {
  const constraints = [parseConstraint('lat<=5')];
  let feasibleShare = 0;
  let randomShare = 0;
  for (let seed = 0; seed < 5; seed++) {
    const mo = await run(toy, new ToyEstimator(), seed, 100, multi, constraints);
    const rnd = await run(toy, new ToyEstimator(), seed, 100, multi, constraints, 'random');
    feasibleShare += mo.records.slice(20).filter((r) => r.feasible).length / 80;
    randomShare += rnd.records.slice(20).filter((r) => r.feasible).length / 80;
  }
  assert.ok(feasibleShare / 5 > 0.8, `feasible share after the start: ${feasibleShare / 5}`);
  assert.ok(feasibleShare > randomShare, 'more feasible candidates than random search');
});

test('mo-predictor finds more true Pareto-optimal NAS-Bench-201 cells than random search and than nsga2', async () => {
  const space = nb201LikeSpace();
  const table = loadTableFile(NB201);
  const objectives = MO_OBJECTIVES;
  const truth = trueFront(space, table).keys;
  const found = async (name: string) => {
    let total = 0;
    for (let seed = 0; seed < 10; seed++) {
      const out = await run(space, table, seed, 150, objectives, [], name);
      total += out.records.filter((r) => truth.has(r.key)).length;
    }
    return total / 10;
  };
  const mo = await found('mo-predictor');
  const random = await found('random');
  const nsga2 = await found('nsga2');
  assert.ok(mo > random + 1, `mo-predictor ${mo} vs random ${random}`);
  assert.ok(mo > nsga2, `mo-predictor ${mo} vs nsga2 ${nsga2}`);
});

test('mo-predictor: past its model limit it refits on the front and recent results, still deterministic and resumable', async () => {
  const options = { modelLimit: 50 };
  const budget = 160;
  const make = () => createStrategy('mo-predictor', { space: toy, objectives: multi, constraints: [], seed: 3, budget, options });
  const whole = await runSearchLoop({ space: toy, strategy: make(), pool: new InProcessPool(new ToyEstimator()), objectives: multi, constraints: [], budget: { evaluations: budget } });
  assert.equal(new Set(whole.records.map((r) => r.key)).size, budget);
  for (const cut of [60, 120]) {
    const previous = whole.records.slice(0, cut);
    const strategy = make();
    strategy.restore(previous, previous[cut - 1].strategyState);
    const resumed = await runSearchLoop({ space: toy, strategy, pool: new InProcessPool(new ToyEstimator()), objectives: multi, constraints: [], budget: { evaluations: budget }, previous });
    assert.deepEqual(resumed.records.map((r) => r.key), whole.records.map((r) => r.key), `cut at ${cut}`);
  }
});
