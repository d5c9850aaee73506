// The MLP ensemble on functions whose good fit is known: a smooth function of two inputs it must
// learn, the same fit for the same seed, and members that agree on the data and part away from it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MlpEnsemble } from '../../src/core/estimate/predictors/mlpEnsemble';
import { Rng } from '../../src/core/rng';

const target = (x: number, y: number) => Math.sin(3 * x) + x * y - 2 * y * y;
const row = (x: number, y: number) => ({ encoding: [], features: [x, y] });

function sample(seed: number, n: number): { x: number; y: number }[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => ({ x: 2 * rng.next() - 1, y: 2 * rng.next() - 1 }));
}

function fitted(seed: number, points: { x: number; y: number }[]): MlpEnsemble {
  const m = new MlpEnsemble({ seed });
  m.fit(points.map((p) => row(p.x, p.y)), points.map((p) => target(p.x, p.y)));
  return m;
}

test('mlp: learns a smooth function of two inputs from 200 samples (held-out error a small share of its spread)', () => {
  const m = fitted(1, sample(1, 200));
  const held = sample(2, 200);
  const truth = held.map((p) => target(p.x, p.y));
  const mse = held.reduce((a, p, i) => a + (m.predict(row(p.x, p.y)).mean - truth[i]) ** 2, 0) / held.length;
  const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
  const variance = truth.reduce((a, b) => a + (b - mean) ** 2, 0) / truth.length;
  assert.ok(mse < 0.05 * variance, `mse ${mse.toFixed(4)} vs variance ${variance.toFixed(4)}`);
});

test('mlp: the same seed gives the same predictions, another seed other ones', () => {
  const points = sample(3, 60);
  const a = fitted(7, points);
  const b = fitted(7, points);
  const c = fitted(8, points);
  for (const p of sample(4, 20)) assert.deepEqual(a.predict(row(p.x, p.y)), b.predict(row(p.x, p.y)));
  assert.notDeepEqual(a.predict(row(0.3, 0.3)), c.predict(row(0.3, 0.3)));
});

test('mlp: the members agree more on the training inputs than far outside them', () => {
  const points = sample(5, 100);
  const m = fitted(2, points);
  const onData = points.reduce((a, p) => a + m.predict(row(p.x, p.y)).std, 0) / points.length;
  const far = [row(6, 6), row(-6, 5), row(5, -6), row(-6, -6)].reduce((a, r) => a + m.predict(r).std, 0) / 4;
  assert.ok(far > 3 * onData, `spread far ${far.toFixed(3)} vs on the data ${onData.toFixed(3)}`);
});

test('mlp: a constant feature and a constant target fit without NaN; no data predicts 0', () => {
  const m = new MlpEnsemble({ seed: 1, steps: 20 });
  assert.deepEqual(m.predict(row(0, 0)), { mean: 0, std: 0 });
  m.fit([row(1, 0), row(1, 1), row(1, 2)], [5, 5, 5]);
  const p = m.predict(row(1, 3));
  assert.ok(Math.abs(p.mean - 5) < 1e-9 && p.std < 1e-9, JSON.stringify(p));
  assert.throws(() => m.fit([row(0, 0)], [NaN]), /finite target/);
});
