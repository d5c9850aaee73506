// What predictor-guided strategies record about the candidates their model ranked but did not
// evaluate (predicted.jsonl): valid records, in the metric's own direction, bounded per ranking,
// including the candidate evaluated next; and the file's one reader (latest per key, bounded).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { cheapEvaluator } from '../../src/core/estimate/cheap';
import type { Estimator } from '../../src/core/estimate/types';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { LatestPredictions, parsePredictedLog, PREDICTED_FILE, PREDICTED_PER_STEP, predictedRecordValidator, type PredictedRecord } from '../../src/core/run/predictedLog';
import { RunStore } from '../../src/core/run/store';
import { check } from '../../src/core/validate';
import { runSearchLoop } from '../../src/core/search/loop';
import { parseObjective } from '../../src/core/search/objectives';
import { createStrategy } from '../../src/core/search/strategies/index';
import { readRunPredicted } from '../../src/extension/runFiles';
import { CurveEstimator } from './helpers/curveEstimator';
import { ToyEstimator, toyMetrics } from './helpers/toyEstimator';
import { toySpace } from './helpers/toySpace';

const space = toySpace([[0, 1, 2, 3], [0, 1, 2], [0, 1, 2, 3, 4], [0, 1, 2], [0, 1]]); // 360 architectures

const accs = [...space.enumerate()].map((a) => toyMetrics(a.encoding).acc);
/** A predicted accuracy as the metric reads (not its minimisation form, which is negative), near the space's range. */
const plausibleAcc = (v: number) => v > Math.min(...accs) - 5 && v < Math.max(...accs) + 5;

const score: Estimator = {
  name: 'score',
  metricNames: () => ['score'],
  evaluate: async (r) => ({ status: 'ok', metrics: { score: toyMetrics(r.encoding).acc } }),
};

async function run(name: string, objectives: string[], options?: Record<string, number>, withCheap = true) {
  const cheap = withCheap ? cheapEvaluator(space, [score]) : undefined;
  const parsed = objectives.map(parseObjective);
  const strategy = createStrategy(name, { space, objectives: parsed, constraints: [], seed: 3, budget: 30, cheapMetrics: cheap?.metricNames(), options });
  const predicted: PredictedRecord[][] = [];
  const out = await runSearchLoop({ space, strategy, pool: new InProcessPool(new ToyEstimator(), 1), objectives: parsed, constraints: [], budget: { evaluations: 30 }, cheap, onPredicted: (r) => predicted.push(r) });
  return { records: out.records, predicted };
}

test('predictor-guided records, after its warm start, the top of each ranking with the candidate it evaluates next, as the metric reads', async () => {
  const { records, predicted } = await run('predictor-guided', ['max:acc']);
  const all = predicted.flat();
  assert.ok(predicted.length >= 15, `${predicted.length} rankings recorded`);
  for (const batch of predicted) assert.ok(batch.length > 0 && batch.length <= PREDICTED_PER_STEP);
  for (const r of all) {
    assert.ok(check(predictedRecordValidator, JSON.parse(JSON.stringify(r))).ok, 'a valid line');
    assert.equal(r.family, 'trees');
    assert.equal(r.fittedOn, r.evaluated, 'fitted on every evaluated candidate (none failed)');
    assert.ok(r.evaluated >= 10, 'nothing is predicted during the warm start (initial 10)');
    assert.equal(r.metrics?.score, toyMetrics(r.encoding).acc, 'its cheap metrics');
    assert.ok(r.predicted.acc.std >= 0);
  }
  // The candidate evaluated at each step was predicted just before, at that step.
  for (const rec of records.slice(10)) assert.ok(all.some((p) => p.key === rec.key && p.evaluated === rec.index), `record ${rec.index} was predicted first`);
  for (const r of all) assert.ok(plausibleAcc(r.predicted.acc.mean), `acc ${r.predicted.acc.mean}`);
});

test('halving with a predictor-guided proposer passes on what its proposer predicted', async () => {
  const cheap = cheapEvaluator(space, [score]);
  const objectives = [parseObjective('max:acc')];
  const strategy = createStrategy('halving', { space, objectives, constraints: [], seed: 3, cheapMetrics: cheap.metricNames(), options: { proposer: 'predictor-guided' }, fidelity: { setting: 'epochs', min: 1, max: 9 } });
  const predicted: PredictedRecord[][] = [];
  await runSearchLoop({ space, strategy, pool: new InProcessPool(new CurveEstimator(), 1), objectives, constraints: [], budget: { evaluations: 40 }, cheap, onPredicted: (r) => predicted.push(r) });
  assert.ok(predicted.flat().length > 0, 'the proposer ranked candidates after its warm start, and they reached the loop');
  for (const r of predicted.flat()) assert.equal(r.family, 'trees');
});

test('predictor-guided on a minimised objective records it with its own sign; without cheap metrics, none', async () => {
  const { predicted } = await run('predictor-guided', ['min:lat'], undefined, false);
  const all = predicted.flat();
  assert.ok(all.length > 0);
  for (const r of all) {
    assert.ok(r.predicted.lat.mean > 0, `lat predicted ${r.predicted.lat.mean}`);
    assert.equal(r.metrics, null);
  }
});

test('mo-predictor records both objectives, in their directions, for its trees and for its Gaussian process', async () => {
  for (const [options, family] of [[{ predictor: 1, initial: 5 }, 'trees'], [{ initial: 5 }, 'gp']] as const) {
    const { predicted } = await run('mo-predictor', ['max:acc', 'min:lat'], options);
    const all = predicted.flat();
    assert.ok(all.length >= 20, `${family}: ${all.length} predictions`);
    for (const r of all) {
      assert.equal(r.family, family);
      assert.ok(plausibleAcc(r.predicted.acc.mean), `acc ${r.predicted.acc.mean}`);
      assert.ok(r.predicted.lat.mean > 0, `lat ${r.predicted.lat.mean}`);
    }
  }
});

const prediction = (key: string, evaluated: number, mean = 0.5): PredictedRecord => ({ key, encoding: [0], predicted: { acc: { mean, std: 0.1 } }, metrics: null, family: 'trees', fittedOn: evaluated, evaluated });

test('predicted.jsonl: the store appends batches; the reader keeps the latest line of each key and skips a torn or foreign line', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-predicted-'));
  const store = RunStore.create(root, { toolVersion: '0', spaceFile: '/s', spaceHash: 'h', spaceName: 's', spaceSize: '1', settings: { strategy: 'random', budget: 1, seed: 0, estimator: 'x', objectives: ['max:acc'], constraints: [] } });
  store.appendPredicted([prediction('a', 1, 0.1), prediction('b', 1)]);
  store.appendPredicted([prediction('a', 2, 0.7)]);
  store.close();
  const file = path.join(store.dir, PREDICTED_FILE);
  fs.appendFileSync(file, '{"key":"not a prediction"}\n{"key":"c","enc');
  const latest = await readRunPredicted(store.dir);
  assert.deepEqual(latest.values().map((r) => [r.key, r.predicted.acc.mean]), [['b', 0.5], ['a', 0.7]]);
  assert.equal(parsePredictedLog(fs.readFileSync(file, 'utf8')).length, 3);
  assert.equal((await readRunPredicted(root)).size, 0, 'a folder without predictions has none');
});

test('LatestPredictions keeps the most recently predicted keys up to its limit', () => {
  const latest = new LatestPredictions(2);
  latest.add([prediction('a', 1), prediction('b', 1), prediction('c', 1)]);
  assert.deepEqual(latest.values().map((r) => r.key), ['b', 'c']);
  latest.add([prediction('b', 2)]);
  latest.add([prediction('d', 3)]);
  assert.deepEqual(latest.values().map((r) => r.key), ['b', 'd']);
  assert.equal(latest.get('b')?.evaluated, 2);
});
