import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareResume } from '../../src/core/run/resume';
import { newRunId } from '../../src/core/run/runId';
import { RunStore } from '../../src/core/run/store';
import type { RunInfo } from '../../src/core/run/types';
import { runSearchLoop } from '../../src/core/search/loop';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { parseObjective } from '../../src/core/search/objectives';
import { STRATEGY_NAMES, createStrategy } from '../../src/core/search/strategies/index';
import { ToyEstimator } from './helpers/toyEstimator';
import { toySpace } from './helpers/toySpace';

const space = toySpace([[0, 1, 2, 3], [0, 1, 2], [0, 1, 2, 3, 4], [0, 1, 2], [0, 1]]);
const single = [parseObjective('max:acc')];
const multi = [parseObjective('max:acc'), parseObjective('min:lat')];

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nas-run-test-'));
}

function info(strategy: string, budget: number, seed = 3): Omit<RunInfo, 'runId' | 'createdAt'> {
  const objectives = strategy === 'nsga2' ? ['max:acc', 'min:lat'] : ['max:acc'];
  return {
    toolVersion: 'test', spaceFile: 'toy.nasspace.ts', spaceHash: 'h1', spaceName: space.name, spaceSize: String(space.size),
    settings: { strategy, budget, seed, estimator: 'toy', objectives, constraints: [] },
  };
}

async function search(store: RunStore, strategyName: string, budget: number, resume?: ReturnType<typeof prepareResume>, parallel = 1) {
  const objectives = strategyName === 'nsga2' ? multi : single;
  const strategy = createStrategy(strategyName, { space, objectives, constraints: [], seed: store.info.settings.seed, budget });
  if (resume) strategy.restore(resume.records, resume.strategyState, resume.inFlight);
  const out = await runSearchLoop({ space, strategy, pool: new InProcessPool(new ToyEstimator(), parallel), objectives, constraints: [], budget: { evaluations: budget }, sink: store, previous: resume?.records, inFlight: resume?.inFlight });
  store.close();
  return out;
}

test('run ids sort by time and differ within the same second', () => {
  const t = new Date(2025, 0, 2, 3, 4, 5);
  const a = newRunId(t);
  assert.match(a, /^20250102-030405-[0-9a-f]{6}$/);
  assert.notEqual(newRunId(t), a);
});

test('a run folder holds run.json and one JSON line per candidate', async () => {
  const out = tmp();
  const store = RunStore.create(out, info('random', 12));
  await search(store, 'random', 12);
  const again = RunStore.open(store.dir);
  assert.equal(again.info.runId, store.info.runId);
  const log = again.read();
  assert.equal(log.records.length, 12);
  assert.deepEqual(log.warnings, []);
  assert.equal(fs.readFileSync(again.candidatesFile, 'utf8').trim().split('\n').length, 12);
});

test('a torn last line is skipped with a warning and cut off before appending', async () => {
  const store = RunStore.create(tmp(), info('random', 10));
  await search(store, 'random', 10);
  const file = store.candidatesFile;
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.slice(0, text.length - 30));
  const log = RunStore.open(store.dir).read();
  assert.equal(log.records.length, 9);
  assert.equal(log.warnings.length, 1);
  assert.match(log.warnings[0], /torn last line/);
  const reopened = RunStore.open(store.dir);
  assert.ok(reopened.repairTail() > 0);
  assert.equal(reopened.read().warnings.length, 0);
});

test('a corrupt line in the middle is skipped with a warning naming its line', () => {
  const store = RunStore.create(tmp(), info('random', 10));
  fs.writeFileSync(store.candidatesFile, '{"index":0,"key":"a","encoding":[],"status":"ok","metrics":{},"startedAt":0,"durationMs":1}\nnot json\n');
  const log = store.read();
  assert.equal(log.records.length, 1);
  assert.match(log.warnings[0], /candidates\.jsonl:2: skipped/);
});

for (const name of STRATEGY_NAMES) for (const parallel of [1, 3]) {
  test(`${name}: resuming after a log truncated mid-line reproduces the uninterrupted run${parallel > 1 ? `, ${parallel} at once` : ''}`, async () => {
    const budget = 90;
    const whole = await search(RunStore.create(tmp(), info(name, budget)), name, budget, undefined, parallel);
    let inFlightAtCuts = 0;
    for (const cut of [1, 17, 40, 61]) {
      const store = RunStore.create(tmp(), info(name, budget));
      await search(store, name, budget, undefined, parallel);
      // Keep `cut` whole lines and half of the next one, as a SIGKILL during a write would.
      const lines = fs.readFileSync(store.candidatesFile, 'utf8').split('\n');
      fs.writeFileSync(store.candidatesFile, lines.slice(0, cut).join('\n') + '\n' + lines[cut].slice(0, lines[cut].length >> 1));
      const plan = prepareResume(store.dir, 'h1');
      assert.equal(plan.records.length, cut);
      assert.equal(plan.remaining, budget - cut);
      assert.match(plan.warnings.join(' '), /torn/);
      // The candidates in flight at the cut are re-issued: none lost, none evaluated twice.
      assert.ok(plan.inFlight.length <= parallel - 1);
      inFlightAtCuts += plan.inFlight.length;
      const resumed = await search(plan.store, name, budget, plan, parallel);
      assert.deepEqual(resumed.records.map((r) => r.key), whole.records.map((r) => r.key), `cut at ${cut}`);
      const onDisk = RunStore.open(store.dir).read();
      assert.deepEqual(onDisk.warnings, []);
      assert.deepEqual(onDisk.records.map((r) => r.key), whole.records.map((r) => r.key));
    }
    assert.equal(inFlightAtCuts > 0, parallel > 1);
  });
}

test('resume refuses a run written with a different space file', () => {
  const store = RunStore.create(tmp(), info('random', 10));
  assert.throws(() => prepareResume(store.dir, 'h2'), /different space file \(toy\.nasspace\.ts, hash h1.*start a new run/);
  assert.throws(() => prepareResume(path.join(store.dir, 'nope'), 'h1'), /not a run folder/);
});

test('resume of a finished run has nothing left of the budget', async () => {
  const store = RunStore.create(tmp(), info('local', 15));
  await search(store, 'local', 15);
  const plan = prepareResume(store.dir, 'h1');
  assert.equal(plan.remaining, 0);
  assert.equal(plan.records.length, 15);
});

test('a run id that exists already is refused', () => {
  const out = tmp();
  RunStore.create(out, { ...info('random', 5), runId: 'r-new' });
  assert.throws(() => RunStore.create(out, { ...info('random', 5), runId: 'r-new' }), /already exists/);
});
