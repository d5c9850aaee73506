import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CandidateRecord } from '../../src/core/run/types';
import type { RunView } from '../../src/protocol/webviewProtocol';
import { hypervolumeSeries, RunModel } from '../../webview/runModel';

const rec = (index: number, metrics: Record<string, number>, extra: Partial<CandidateRecord> = {}): CandidateRecord => ({ index, key: `k${index}`, encoding: [index], status: 'ok', metrics, startedAt: 0, durationMs: 1, ...extra });

function view(candidates: CandidateRecord[], constraints: string[] = []): RunView {
  return {
    runId: 'r', runDir: '/r', status: 'running', candidates,
    info: { runId: 'r', createdAt: 'now', toolVersion: '0', spaceFile: '/s', spaceHash: 'h', spaceName: 's', spaceSize: '10', settings: { strategy: 'random', budget: 10, seed: 0, estimator: 'proxy', objectives: ['max:acc', 'min:lat'], constraints } },
  };
}

test('default axes: first objective on y, latency on x', () => {
  const m = new RunModel(view([rec(0, { acc: 0.5, lat: 2, params: 10 })]));
  assert.deepEqual(m.defaultAxes(), { x: 'lat', y: 'acc' });
  assert.equal(m.direction('params'), 'min');
  assert.equal(m.direction('acc'), 'max');
});

test('scatter splits front, dominated and infeasible; the front is sorted by x', () => {
  const m = new RunModel(view([
    rec(0, { acc: 0.9, lat: 5 }),
    rec(1, { acc: 0.5, lat: 1 }),
    rec(2, { acc: 0.6, lat: 6 }), // dominated by 0
    rec(3, { acc: 0.99, lat: 9 }), // infeasible (lat<=8)
    rec(4, {}, { status: 'failed' }),
  ], ['lat<=8']));
  const s = m.scatter('lat', 'acc');
  assert.deepEqual(s.front.keys, ['k1', 'k0']);
  assert.deepEqual(s.front.xs, [1, 5]);
  assert.deepEqual(s.dominated.keys, ['k2']);
  assert.deepEqual(s.infeasible.keys, ['k3']);
  assert.deepEqual([...m.paretoKeys()].sort(), ['k0', 'k1']);
});

test('deltas append once even if a record is sent twice', () => {
  const m = new RunModel(view([rec(0, { acc: 0.5, lat: 1 })]));
  m.append([rec(1, { acc: 0.6, lat: 2 }), rec(0, { acc: 0.5, lat: 1 })]);
  assert.equal(m.records.length, 2);
});

test('best-so-far only improves and skips infeasible candidates', () => {
  const m = new RunModel(view([rec(0, { acc: 0.5, lat: 1 }), rec(1, { acc: 0.99, lat: 9 }), rec(2, { acc: 0.4, lat: 1 }), rec(3, { acc: 0.7, lat: 2 })], ['lat<=8']));
  const p = m.progressSeries();
  assert.deepEqual(p.evals, [1, 2, 3, 4]);
  assert.deepEqual(p.best, [0.5, 0.5, 0.5, 0.7]);
  const hv = p.hypervolume!;
  for (let i = 1; i < hv.length; i++) assert.ok((hv[i] ?? 0) >= (hv[i - 1] ?? 0));
});

test('hypervolume series is non-decreasing and ignores dominated points', () => {
  const s = hypervolumeSeries([[1, 1], [2, 2], [0, 1], [NaN, NaN]]);
  assert.equal(s.length, 4);
  assert.equal(s[1], s[0]);
  assert.ok((s[2] ?? 0) > (s[1] ?? 0));
  assert.equal(s[3], s[2]);
});

test('table sorts by a metric with missing values last', () => {
  const m = new RunModel(view([rec(0, { acc: 0.5 }), rec(1, {}), rec(2, { acc: 0.9 })]));
  assert.deepEqual(m.tableRows('acc', false, 10).rows.map((r) => r.index), [2, 0, 1]);
  assert.deepEqual(m.tableRows('#', true, 2), { rows: m.records.slice(0, 2), total: 3 });
});

test('the hypervolume series copes with 300,000 points (no argument spreading)', () => {
  const pts: [number, number][] = Array.from({ length: 300_000 }, (_, i) => [i % 1000, 1000 - (i % 1000)]);
  const s = hypervolumeSeries(pts);
  assert.equal(s.length, 300_000);
  assert.ok((s[s.length - 1] ?? 0) > 0);
});

test("a metric's direction and unit come from the run's catalog; a run without one falls back to its name", () => {
  const old = new RunModel(view([rec(0, { acc: 0.5, lat: 2, activation_kb: 3, spread: 1 })]));
  assert.equal(old.direction('activation_kb'), 'max', 'no catalog: the naming convention, as before catalogs');
  assert.equal(old.unit('lat'), '');
  const v = view([rec(0, { acc: 0.5, lat: 2, activation_kb: 3, spread: 1 })]);
  v.info.catalog = [
    { name: 'activation_kb', direction: 'min', unit: 'KiB', description: 'peak activation memory', cost: 'free' },
    { name: 'spread', direction: 'min', unit: 'fraction', description: 'a spread', cost: 'expensive' },
    { name: 'acc', direction: 'min', unit: 'fraction', description: 'the objective says max', cost: 'expensive' },
  ];
  const m = new RunModel(v);
  assert.equal(m.direction('activation_kb'), 'min');
  assert.equal(m.direction('spread'), 'min');
  assert.equal(m.direction('acc'), 'max', "the run's objective wins");
  assert.equal(m.unit('activation_kb'), 'KiB');
});

test('streamed in deltas, the model ends where one snapshot of the same records does: fronts, series, table', () => {
  const records = Array.from({ length: 400 }, (_, i) => rec(i, { acc: ((i * 7919) % 401) / 401, lat: 1 + ((i * 104729) % 397) / 10 }));
  const whole = new RunModel(view(records, ['lat<=30']));
  const streamed = new RunModel(view(records.slice(0, 5), ['lat<=30']));
  for (let i = 5; i < records.length; i += 37) {
    streamed.scatter('lat', 'acc');
    streamed.progressSeries();
    streamed.append(records.slice(i, i + 37));
  }
  assert.deepEqual(streamed.scatter('lat', 'acc'), whole.scatter('lat', 'acc'));
  assert.deepEqual(streamed.progressSeries(), whole.progressSeries());
  assert.deepEqual(streamed.progressSeries().hypervolume, hypervolumeSeries(records.map((r) => (r.metrics.lat <= 30 ? [-r.metrics.acc, r.metrics.lat] : [NaN, NaN]))));
  assert.deepEqual([...streamed.paretoKeys()].sort(), [...whole.paretoKeys()].sort());
  // The bounded selection agrees with a full sort.
  const sorted = [...records].sort((a, b) => b.metrics.acc - a.metrics.acc || a.index - b.index).slice(0, 25).map((r) => r.key);
  assert.deepEqual(streamed.tableRows('acc', false, 25).rows.map((r) => r.key), sorted);
});

test('the scatter counts what it cannot draw: failed candidates, and ok ones without a value for an axis', () => {
  const m = new RunModel(view([rec(0, { acc: 0.5, lat: 1 }), rec(1, { acc: 0.6 }), rec(2, {}, { status: 'failed' }), rec(3, { acc: 0.7, lat: 2 })]));
  assert.deepEqual(m.scatter('lat', 'acc').unplotted, { failed: 1, missing: 1 });
  assert.deepEqual(m.scatter('acc', 'acc').unplotted, { failed: 1, missing: 0 });
});

test('the table lists only the candidates inside a zoom window, with its total', () => {
  const m = new RunModel(view([rec(0, { acc: 0.5, lat: 1 }), rec(1, { acc: 0.6, lat: 5 }), rec(2, { acc: 0.9, lat: 3 }), rec(3, { acc: 0.7 })]));
  const r = m.tableRows('acc', false, 10, { x: 'lat', y: 'acc', xMin: 2, xMax: 6, yMin: 0, yMax: 1 });
  assert.deepEqual(r.rows.map((x) => x.key), ['k2', 'k1']);
  assert.equal(r.total, 2);
});
