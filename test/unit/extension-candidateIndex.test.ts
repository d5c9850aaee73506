import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CandidateRecord } from '../../src/core/run/types';
import { Rng } from '../../src/core/rng';
import { CandidateIndex, candidateDescription, candidateTooltip } from '../../src/extension/candidateIndex';
import { formatMetric } from '../../src/protocol/formatMetric';

const settings = { objectives: ['max:acc', 'min:lat'], constraints: ['lat<=8'] };
let n = 0;
const rec = (metrics: Record<string, number>, extra: Partial<CandidateRecord> = {}): CandidateRecord => ({ index: n, key: `k${n++}`, encoding: [], status: 'ok', metrics, startedAt: 0, durationMs: 12, ...extra });

test('candidates sort best first by the first objective; infeasible, failed and rejected after', () => {
  const idx = new CandidateIndex(settings);
  const a = rec({ acc: 0.5, lat: 1 });
  const b = rec({ acc: 0.9, lat: 2 });
  const c = rec({ acc: 0.99, lat: 9 }); // infeasible
  const d = rec({}, { status: 'failed', error: 'diverged' });
  const e = rec({}, { status: 'rejected', error: 'over budget' });
  const f = rec({ acc: 0.7, lat: 3 });
  for (const r of [d, a, e, c, b, f]) idx.add(r);
  assert.deepEqual(idx.list().map((x) => x.record.key), [b.key, f.key, a.key, c.key, d.key, e.key]);
});

test('Pareto marks follow the feasible front as candidates arrive', () => {
  const idx = new CandidateIndex(settings);
  const a = rec({ acc: 0.5, lat: 1 });
  const b = rec({ acc: 0.9, lat: 5 });
  const c = rec({ acc: 0.8, lat: 6 }); // dominated by b
  const d = rec({ acc: 0.95, lat: 4 }); // dominates b
  const e = rec({ acc: 0.99, lat: 9 }); // infeasible: never on the front
  for (const r of [a, b, c, d, e]) idx.add(r);
  assert.deepEqual(new Set(idx.paretoKeys()), new Set([a.key, d.key]));
  assert.equal(idx.isPareto(b.key), false);
});

test('10,000 candidates keep the order of a full sort', () => {
  const rng = new Rng(3);
  const idx = new CandidateIndex(settings);
  const all: CandidateRecord[] = [];
  for (let i = 0; i < 10_000; i++) {
    const r = rec({ acc: rng.int(1000) / 1000, lat: rng.int(10) });
    all.push(r);
    idx.add(r);
  }
  const list = idx.list();
  for (let i = 1; i < list.length; i++) {
    const [p, q] = [list[i - 1], list[i]];
    if (p.feasible === q.feasible) assert.ok(p.sortValue < q.sortValue || (p.sortValue === q.sortValue && p.record.index < q.record.index));
  }
  assert.equal(list.length, 10_000);
});

test('descriptions and tooltips show metrics, Pareto mark and reasons', () => {
  const idx = new CandidateIndex(settings);
  const ok = idx.add(rec({ acc: 0.91234, lat: 2 }));
  const bad = idx.add(rec({ acc: 0.99, lat: 9 }));
  const failed = idx.add(rec({}, { status: 'failed', error: 'loss is NaN\nstack' }));
  assert.equal(candidateDescription(ok, idx.objectives, true), '★ Pareto · acc 0.9123 · lat 2');
  assert.equal(candidateDescription(bad, idx.objectives, false), 'acc 0.9900 · lat 9 · infeasible');
  assert.equal(candidateDescription(failed, idx.objectives, false), 'failed: loss is NaN');
  assert.match(candidateTooltip(bad, idx.constraints), /violates: lat<=8/);
  assert.match(candidateTooltip(failed, idx.constraints), /reason: loss is NaN/);
  assert.equal(formatMetric(43046721), '43,046,721');
});

test('a multi-fidelity run: each candidate listed once, by its highest rung, and the front follows its latest result', () => {
  const idx = new CandidateIndex(settings);
  const at = (rung: number) => ({ fidelity: { setting: 'epochs', value: 3 ** rung, rung } });
  const a0 = rec({ acc: 0.6, lat: 1 }, at(0));
  const b0 = rec({ acc: 0.5, lat: 2 }, at(0));
  for (const r of [a0, b0]) idx.add(r);
  assert.deepEqual(idx.paretoKeys(), [a0.key]);
  // b promoted: its rung-1 result is better than a's rung-0 one and takes b's place.
  const b1 = rec({ acc: 0.9, lat: 2 }, { ...at(1), key: b0.key });
  idx.add(b1);
  assert.deepEqual(idx.list().map((x) => [x.record.key, x.record.fidelity?.rung]), [[b0.key, 1], [a0.key, 0]]);
  assert.deepEqual(idx.paretoKeys().sort(), [a0.key, b0.key].sort());
  // A lower rung arriving late (a replayed log) does not replace the higher one.
  idx.add(b0);
  assert.equal(idx.get(b0.key)?.record, b1);
  // Promoted and worse than its earlier preview: the front drops it.
  const a1 = rec({ acc: 0.55, lat: 2.5 }, { ...at(1), key: a0.key });
  idx.add(a1);
  assert.deepEqual(idx.paretoKeys(), [b0.key]);
  assert.equal(idx.size, 2);
  // The tree shows each candidate's rung, and its curve across rungs when hovered.
  const b = idx.get(b0.key)!;
  assert.deepEqual(b.rungs, [b0, b1], 'the replayed rung-0 record counted once');
  assert.match(candidateDescription(b, idx.objectives, true), / · rung 2 · epochs 3$/);
  const tip = candidateTooltip(b, idx.constraints, 'acc').split('\n');
  assert.ok(tip.includes('at rung 2 · epochs 3'), tip.join('\n'));
  assert.ok(tip.includes(`acc across rungs: epochs 1: ${formatMetric(0.5)} → 3: ${formatMetric(0.9)}`), tip.join('\n'));
  const plain = new CandidateIndex(settings).add(rec({ acc: 0.6, lat: 1 }));
  assert.doesNotMatch(candidateDescription(plain, idx.objectives, false) + candidateTooltip(plain, [], 'acc'), /rung/);
});

test("a candidate a queue worker evaluated says where it ran in its tooltip; a local one says nothing of it", () => {
  const idx = new CandidateIndex({ objectives: ['max:acc'], constraints: [] });
  const base = { encoding: [], status: 'ok' as const, metrics: { acc: 1 }, startedAt: 0, durationMs: 5 };
  const remote = idx.add({ ...base, index: 1, key: 'a', details: { ranOn: { host: 'box2', worker: 'box2:4242', backend: 'wasm', threads: 2 } } });
  const local = idx.add({ ...base, index: 2, key: 'b' });
  assert.match(candidateTooltip(remote, idx.constraints), /^ran on: box2:4242, 2 threads$/m);
  assert.doesNotMatch(candidateTooltip(local, idx.constraints), /ran on/);
});
