import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CandidateRecord } from '../../src/core/run/types';
import type { Estimator, EvaluationResult } from '../../src/core/estimate/types';
import { AsyncQueue } from '../../src/core/pool/asyncQueue';
import type { EvaluatorPool, PoolOutcome } from '../../src/core/pool/evaluatorPool';
import { failureSignature, runSearchLoop, SAME_FAILURE_LIMIT, withoutNonFiniteMetrics } from '../../src/core/search/loop';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { parseConstraint, parseObjective } from '../../src/core/search/objectives';
import { createStrategy } from '../../src/core/search/strategies/index';
import { summarizeRun } from '../../src/core/search/summary';
import { ToyEstimator } from './helpers/toyEstimator';
import { toySpace } from './helpers/toySpace';

const space = toySpace([[0, 1, 2, 3], [0, 1, 2], [0, 1, 2, 3, 4], [0, 1, 2]]);
const objectives = [parseObjective('max:acc'), parseObjective('min:lat')];

function strategy(name = 'random', seed = 1) {
  return createStrategy(name, { space, objectives, constraints: [], seed, budget: 100 });
}

test('bounded concurrency: never more evaluations at once than allowed, all recorded in order', async () => {
  const estimator = new ToyEstimator({ delayMs: 5 });
  const sink: CandidateRecord[] = [];
  const progress: number[] = [];
  const out = await runSearchLoop({
    space, strategy: strategy(), pool: new InProcessPool(estimator, 3), objectives, constraints: [], budget: { evaluations: 20 }, sink: { append: (r) => sink.push(r) }, onProgress: (p) => progress.push(p.evaluated),
  });
  assert.equal(out.stoppedBy, 'budget');
  assert.equal(out.records.length, 20);
  assert.equal(estimator.maxRunning, 3);
  assert.deepEqual(sink.map((r) => r.index), [...Array(20).keys()]);
  assert.equal(new Set(sink.map((r) => r.key)).size, 20);
  assert.equal(progress[progress.length - 1], 20);
  assert.ok(sink.every((r) => r.strategyState !== undefined && r.backend === 'toy'));
});

test('a failing evaluation is recorded and the search goes on', async () => {
  let n = 0;
  const estimator = new ToyEstimator({ throwFor: () => n++ % 3 === 0, failFor: (k) => k.startsWith('1-') });
  const out = await runSearchLoop({ space, strategy: strategy('evolution'), pool: new InProcessPool(estimator), objectives, constraints: [], budget: { evaluations: 30 } });
  assert.equal(out.records.length, 30);
  const thrown = out.records.filter((r) => r.error?.includes('toy estimator cannot evaluate'));
  assert.ok(thrown.length >= 9);
  assert.ok(thrown.every((r) => r.status === 'failed' && r.feasible === false));
  assert.ok(out.records.some((r) => r.error === 'diverged'));
  assert.ok(out.records.some((r) => r.status === 'ok'));
});

test('a NaN or infinite metric fails the candidate, names the metrics and keeps the finite ones; the record survives JSON', async () => {
  const estimator: Estimator = {
    name: 'flaky',
    metricNames: () => ['acc', 'lat', 'params'],
    evaluate: async (req) => (req.encoding.at(-1) === 0 ? { status: 'ok', metrics: { acc: NaN, lat: Infinity, params: 7 } } : { status: 'ok', metrics: { acc: 0.5, lat: 1, params: 7 }, details: { lossCurve: [2.3, 1.9] } }),
  };
  const sink: CandidateRecord[] = [];
  const out = await runSearchLoop({ space, strategy: strategy('grid'), pool: new InProcessPool(estimator), objectives, constraints: [], budget: { evaluations: 20 }, sink: { append: (r) => sink.push(r) } });
  const bad = out.records.filter((r) => r.encoding.at(-1) === 0);
  assert.ok(bad.length > 0 && bad.length < out.records.length);
  for (const r of bad) {
    assert.equal(r.status, 'failed');
    assert.equal(r.error, 'estimator flaky returned acc = NaN, lat = Infinity');
    assert.deepEqual(r.metrics, { params: 7 });
    assert.deepEqual(JSON.parse(JSON.stringify(r)).metrics, { params: 7 });
  }
  const good = out.records.filter((r) => r.encoding.at(-1) !== 0);
  assert.ok(good.every((r) => r.status === 'ok'));
  // Non-scalar results go into the record (and so the run log) as they came.
  assert.ok(sink.filter((r) => r.status === 'ok').every((r) => JSON.stringify(r.details) === '{"lossCurve":[2.3,1.9]}'));
  assert.deepEqual(
    withoutNonFiniteMetrics({ status: 'failed', metrics: { a: -Infinity }, error: 'diverged' }, 'x'),
    { status: 'failed', metrics: {}, error: 'diverged; estimator x returned a = -Infinity' },
  );
});

test('cancellation stops cleanly and keeps everything evaluated', async () => {
  const controller = new AbortController();
  const sink: CandidateRecord[] = [];
  const out = await runSearchLoop({
    space, strategy: strategy(), pool: new InProcessPool(new ToyEstimator({ delayMs: 2 }), 2), objectives, constraints: [], budget: { evaluations: 100 },
    signal: controller.signal, sink: { append: (r) => sink.push(r) },
    onCandidate: (r) => { if (r.index === 9) controller.abort(); },
  });
  assert.equal(out.stoppedBy, 'cancelled');
  assert.ok(out.records.length >= 10 && out.records.length < 100);
  assert.deepEqual(out.records.map((r) => r.key), sink.map((r) => r.key));
});

test('an already aborted signal evaluates nothing', async () => {
  const controller = new AbortController();
  controller.abort();
  const out = await runSearchLoop({ space, strategy: strategy(), pool: new InProcessPool(new ToyEstimator()), objectives, constraints: [], budget: { evaluations: 10 }, signal: controller.signal });
  assert.equal(out.records.length, 0);
  assert.equal(out.stoppedBy, 'cancelled');
});

test('the wall-clock budget stops the search before the evaluation budget', async () => {
  const out = await runSearchLoop({ space, strategy: strategy(), pool: new InProcessPool(new ToyEstimator({ delayMs: 20 })), objectives, constraints: [], budget: { evaluations: 1000, seconds: 0.1 } });
  assert.equal(out.stoppedBy, 'time');
  assert.ok(out.records.length > 0 && out.records.length < 100);
});

test('previous records count against the budget', async () => {
  const first = await runSearchLoop({ space, strategy: strategy('random', 4), pool: new InProcessPool(new ToyEstimator()), objectives, constraints: [], budget: { evaluations: 5 } });
  const s = strategy('random', 4);
  s.restore(first.records, first.records[4].strategyState);
  const out = await runSearchLoop({ space, strategy: s, pool: new InProcessPool(new ToyEstimator()), objectives, constraints: [], budget: { evaluations: 8 }, previous: first.records });
  assert.equal(out.records.length, 8);
  assert.deepEqual(out.records.map((r) => r.index), [...Array(8).keys()]);
});

test('constraints mark candidates infeasible and the summary keeps only feasible ones', async () => {
  const constraints = [parseConstraint('lat<=5')];
  const out = await runSearchLoop({ space, strategy: strategy(), pool: new InProcessPool(new ToyEstimator()), objectives, constraints, budget: { evaluations: 60 } });
  assert.ok(out.records.some((r) => r.feasible === false));
  const summary = summarizeRun(out.records, objectives, constraints);
  assert.ok(summary.best);
  assert.ok(summary.best.metrics.lat <= 5);
  const feasible = out.records.filter((r) => r.feasible);
  assert.equal(summary.best.metrics.acc, Math.max(...feasible.map((r) => r.metrics.acc)));
  assert.ok(summary.pareto.length >= 1 && summary.pareto.every((p) => p.metrics.lat <= 5));
  for (const p of summary.pareto) {
    assert.ok(!feasible.some((r) => r.metrics.acc >= p.metrics.acc && r.metrics.lat <= p.metrics.lat && (r.metrics.acc > p.metrics.acc || r.metrics.lat < p.metrics.lat)));
  }
});

test('a pool that delivers a result twice (a queue redelivering) gets each candidate recorded once', async () => {
  const inner = new InProcessPool(new ToyEstimator(), 3);
  let held: PoolOutcome | undefined;
  const twice: EvaluatorPool = {
    estimatorName: inner.estimatorName,
    concurrency: inner.concurrency,
    submit: (r) => inner.submit(r),
    cancel: (id) => inner.cancel(id),
    close: () => inner.close(),
    async next() {
      if (held) {
        const again = held;
        held = undefined;
        return again;
      }
      held = await inner.next();
      return held;
    },
  };
  const out = await runSearchLoop({ space, strategy: strategy('evolution'), pool: twice, objectives, constraints: [], budget: { evaluations: 25 } });
  assert.equal(out.records.length, 25);
  assert.equal(new Set(out.records.map((r) => r.key)).size, 25);
});

test('cancelled with several in flight: those cut short stay listed in flight, and a resume evaluates exactly them first', async () => {
  const controller = new AbortController();
  const first = await runSearchLoop({
    space, strategy: strategy('random', 6), pool: new InProcessPool(new ToyEstimator({ delayMs: 2 }), 3), objectives, constraints: [], budget: { evaluations: 30 },
    signal: controller.signal, onCandidate: (r) => { if (r.index === 9) controller.abort(); },
  });
  const last = first.records.at(-1)!;
  const cutShort = (last.inFlight ?? []).map((c) => ({ key: c.key, arch: { encoding: c.encoding } }));
  assert.ok(cutShort.length > 0 && cutShort.every((c) => !first.records.some((r) => r.key === c.key)));
  const s = strategy('random', 6);
  s.restore(first.records, last.strategyState, cutShort);
  const resumed = await runSearchLoop({ space, strategy: s, pool: new InProcessPool(new ToyEstimator(), 3), objectives, constraints: [], budget: { evaluations: 30 }, previous: first.records, inFlight: cutShort });
  const keys = resumed.records.map((r) => r.key);
  assert.equal(new Set(keys).size, 30);
  assert.deepEqual(keys.slice(first.records.length, first.records.length + cutShort.length).sort(), cutShort.map((c) => c.key).sort());
  // Random search proposes the same sequence whatever the results: the run is the uninterrupted one.
  const whole = await runSearchLoop({ space, strategy: strategy('random', 6), pool: new InProcessPool(new ToyEstimator(), 3), objectives, constraints: [], budget: { evaluations: 30 } });
  assert.deepEqual([...keys].sort(), whole.records.map((r) => r.key).sort());
});

test('after cancellation a result that was ready is still recorded, listing the one cut short as in flight', async () => {
  const controller = new AbortController();
  const outcomes = new AsyncQueue<PoolOutcome>();
  const submitted: string[] = [];
  const ok = (id: string): PoolOutcome => ({ id, result: { status: 'ok', metrics: { acc: 1, lat: 1 } } });
  const scripted: EvaluatorPool = {
    estimatorName: 'scripted',
    concurrency: 3,
    submit: (r) => { submitted.push(r.id); if (submitted.length === 1) outcomes.push(ok(r.id)); },
    // The second request stops when asked; the third had finished anyway.
    cancel: (id) => outcomes.push(id === submitted[2] ? ok(id) : { id, cancelled: true }),
    next: () => outcomes.take(),
    close: async () => {},
  };
  const out = await runSearchLoop({
    space, strategy: strategy(), pool: scripted, objectives, constraints: [], budget: { evaluations: 10 },
    signal: controller.signal, onCandidate: () => controller.abort(),
  });
  assert.equal(out.stoppedBy, 'cancelled');
  assert.deepEqual(out.records.map((r) => r.key), [submitted[0], submitted[2]]);
  assert.deepEqual(out.records[0].inFlight?.map((c) => c.key), [submitted[1], submitted[2]]);
  assert.deepEqual(out.records[1].inFlight?.map((c) => c.key), [submitted[1]]);
});

test('the in-process pool refuses a concurrency below one in a line naming the setting', () => {
  assert.throws(() => new InProcessPool(new ToyEstimator(), 0), /^RangeError: parallel: evaluations at once must be a whole number of at least 1, got 0$/);
});

test('a candidate whose graph does not decode is recorded failed with the reason, with several at once too', async () => {
  const broken: typeof space = Object.assign(Object.create(space) as typeof space, {
    decode: (arch: { encoding: readonly number[] }) => {
      if (arch.encoding[0] === 0) throw new Error('cannot decode this one');
      return space.decode(arch);
    },
  });
  const estimator = new ToyEstimator();
  const out = await runSearchLoop({ space: broken, strategy: strategy('random', 2), pool: new InProcessPool(estimator, 3), objectives, constraints: [], budget: { evaluations: 30 }, includeGraph: true });
  assert.equal(out.records.length, 30);
  const failed = out.records.filter((r) => r.encoding[0] === 0);
  assert.ok(failed.length > 0 && failed.every((r) => r.status === 'failed' && r.error === 'cannot decode this one'));
  assert.ok(failed.every((r) => !estimator.calls.has(r.key)), 'never handed to the pool');
});

test('progress a pool reports reaches the loop by candidate key while the evaluation runs, and none after it is recorded', async () => {
  const seen: string[] = [];
  let late: (() => void) | undefined;
  const estimator: Estimator = {
    name: 'stepper',
    metricNames: () => ['acc', 'lat'],
    async evaluate(request, _signal, onProgress) {
      for (let b = 1; b <= 3; b++) onProgress?.({ repeat: 1, repeats: 1, epoch: 1, epochs: 1, batch: b, batches: 3, loss: 1 / b, lossCurve: [], elapsedMs: b });
      late = () => onProgress?.({ repeat: 1, repeats: 1, epoch: 1, epochs: 1, batch: 9, batches: 3, loss: 0, lossCurve: [], elapsedMs: 9 });
      return { status: 'ok', metrics: { acc: 0.5, lat: 1 } };
    },
  };
  const out = await runSearchLoop({
    space, strategy: strategy(), pool: new InProcessPool(estimator, 1), objectives, constraints: [], budget: { evaluations: 2 },
    onEvaluationProgress: (key, p) => seen.push(`${key}@${p.batch}`),
  });
  late?.();
  assert.deepEqual(seen, out.records.flatMap((r) => [1, 2, 3].map((b) => `${r.key}@${b}`)));
});

test(`the same failure ${SAME_FAILURE_LIMIT} times in a row stops the search ('failing'), naming it; the same text with other numbers and quoted names is the same failure`, async () => {
  let n = 0;
  const estimator: Estimator = {
    name: 'broken',
    metricNames: () => ['acc', 'lat'],
    evaluate: async (req) => ({ status: 'failed', metrics: {}, error: `data.csv: line ${++n}: candidate '${req.key}' cannot train` }),
  };
  const out = await runSearchLoop({ space, strategy: strategy(), pool: new InProcessPool(estimator), objectives, constraints: [], budget: { evaluations: 30 } });
  assert.equal(out.stoppedBy, 'failing');
  assert.equal(out.records.length, SAME_FAILURE_LIMIT);
  assert.match(out.message ?? '', new RegExp(`^stopped: the last ${SAME_FAILURE_LIMIT} candidates failed the same way: data\\.csv: line ${SAME_FAILURE_LIMIT}: candidate '.*' cannot train$`));
});

test('failures that differ, or a scored candidate between them, do not stop the search', async () => {
  const run = async (evaluate: Estimator['evaluate']) =>
    (await runSearchLoop({ space, strategy: strategy(), pool: new InProcessPool({ name: 'flaky', metricNames: () => ['acc', 'lat'], evaluate }), objectives, constraints: [], budget: { evaluations: 30 } })).stoppedBy;
  let n = 0;
  // Four of the same failure, then a scored candidate, over and over.
  assert.equal(await run(async (): Promise<EvaluationResult> => (++n % 5 === 0 ? { status: 'ok', metrics: { acc: 0.5, lat: 1 } } : { status: 'failed', metrics: {}, error: 'diverged' })), 'budget');
  // Two kinds of failure, taking turns.
  assert.equal(await run(async (): Promise<EvaluationResult> => ({ status: 'failed', metrics: {}, error: ++n % 2 ? 'diverged' : 'out of memory' })), 'budget');
  assert.equal(failureSignature("a 'x' 12.5 \"y\""), 'a _ # _');
});
