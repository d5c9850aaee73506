// Transfer in the feature model (hardware/latencyModel.ts fitFeatureModel with bases): a target
// device whose latency is a linear map of a source device's, on architectures where the
// source's latency is not linear in the per-operator features. Fitted on a few measurements, the
// model must choose the source and predict the rest exactly; without the source it cannot. A
// profile predicts an architecture it measured as measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArchitectureGraph } from '../../src/core/space/types';
import { emptyProfile, validateDeviceProfile, type DeviceProfile } from '../../src/hardware/deviceProfile';
import { spearman } from '../../src/hardware/fitError';
import { fitFeatureModel, predictLatency } from '../../src/hardware/latencyModel';
import { GraphMaker } from '../fixtures/data/graphs';

function net(filters: number[], kernel: number): ArchitectureGraph {
  const g = new GraphMaker([16, 16, 3], 10);
  let x = 'input';
  filters.forEach((f, i) => {
    x = g.add('relu', g.add('conv2d', x, { kernel, stride: 1, filters: f, padding: 'same', useBias: false }, `b${i}`), {}, `b${i}`);
  });
  x = g.add('globalAvgPool', x, {}, 'head');
  return g.graph(g.add('dense', x, { units: 10, useBias: true }, 'head'));
}

const archs = [4, 8, 12, 16].flatMap((f) => [1, 2, 3, 4].flatMap((depth) => [3, 5].map((kernel) => ({ key: `f${f}d${depth}k${kernel}`, graph: net(Array.from({ length: depth }, (_, i) => f * (i + 1)), kernel), f, depth, kernel }))));
/** The source device: far from linear in operator counts and MACs (a cache cliff above 8 filters, a cost growing with depth squared). */
const sourceMs = (a: (typeof archs)[number]) => 0.2 + 0.05 * a.depth ** 2 * (a.f > 8 ? 3 : 1) + (a.kernel === 5 ? 0.1 : 0);
const targetMs = (a: (typeof archs)[number]) => 2.5 * sourceMs(a) + 0.4;

const source: DeviceProfile = { ...emptyProfile('source', 'measured', 'every architecture measured', 'measurements'), measurements: archs.map((a) => ({ key: a.key, ms: sourceMs(a) })) };
const measured = archs.filter((_, i) => i % 3 === 0);
const held = archs.filter((_, i) => i % 3 !== 0);

test('a profile predicts an architecture it measured end to end as measured, the others by its model', () => {
  const a = archs[5];
  assert.equal(predictLatency(source, a.graph, a.key).ms, sourceMs(a));
  assert.notEqual(predictLatency(source, a.graph).ms, sourceMs(a), 'without the key, the model (a plain empty table here)');
});

test('with a source device that ranks like the target, the fit chooses it and predicts unseen architectures within 0.1%', () => {
  const { model, error } = fitFeatureModel(measured.map((a) => ({ graph: a.graph, ms: targetMs(a), key: a.key })), [source]);
  assert.equal(model.baseOnly, true);
  assert.deepEqual(model.bases?.map((b) => b.name), ['source']);
  for (const m of model.ensemble ?? []) assert.ok((m.weights['base_ms:source'] ?? 0) > 0, 'the features alone fit far worse: no member without the source');
  assert.ok(error.mape < 1e-3, `cross-validated MAPE ${error.mape}`);
  const target = { ...emptyProfile('target', 'measured', '', 'measurements'), model };
  for (const a of held) assert.ok(Math.abs(predictLatency(target, a.graph, a.key).ms - targetMs(a)) < 1e-3 * targetMs(a), a.key);
  assert.doesNotThrow(() => validateDeviceProfile(JSON.parse(JSON.stringify(target)), 'target.json'));
});

/** A second source, ranking unlike the first: the target below is a mix of both, which neither alone fits. */
const otherMs = (a: (typeof archs)[number]) => 0.1 + 0.3 * a.f * (a.kernel === 5 ? 2 : 1);
const other: DeviceProfile = { ...emptyProfile('other', 'measured', 'every architecture measured', 'measurements'), measurements: archs.map((a) => ({ key: a.key, ms: otherMs(a) })) };
const mixMs = (a: (typeof archs)[number]) => 1.5 * sourceMs(a) + 0.2 * otherMs(a) + 0.3;

test('with several sources, a target that mixes two of them is fitted as that mix (a device embedding) and predicted within 0.1%', () => {
  const { model } = fitFeatureModel(measured.map((a) => ({ graph: a.graph, ms: mixMs(a), key: a.key })), [other, source]);
  const target = { ...emptyProfile('target', 'measured', '', 'measurements'), model };
  for (const a of held) assert.ok(Math.abs(predictLatency(target, a.graph, a.key).ms - mixMs(a)) < 1e-3 * mixMs(a), `${a.key}: ${predictLatency(target, a.graph, a.key).ms} vs ${mixMs(a)}`);
  const single = fitFeatureModel(measured.map((a) => ({ graph: a.graph, ms: mixMs(a), key: a.key })), [source]).error;
  assert.ok(single.mape > 0.01, `one source alone fits the mix to ${single.mape}`);
});

test('a feature model whose members are close is the mean of them, and predicts as that mean', () => {
  const { model } = fitFeatureModel(archs.map((a) => ({ graph: a.graph, ms: 0.5 + 0.01 * a.f * a.depth + (a.kernel === 5 ? 0.05 : 0) })));
  assert.ok(model.ensemble && model.ensemble.length >= 1, 'features as written and folded fit the same here: both kept');
  const a = archs[3];
  const one = (m: typeof model) => predictLatency({ ...emptyProfile('t', 'measured', '', 'measurements'), model: m }, a.graph).ms;
  const members = [{ ...model, ensemble: undefined }, ...model.ensemble.map((m) => ({ ...model, ...m, ensemble: undefined }))];
  assert.ok(Math.abs(one(model) - members.reduce((s, m) => s + one(m), 0) / members.length) < 1e-9);
});

test('without the source the features alone rank the unseen architectures worse', () => {
  const { model } = fitFeatureModel(measured.map((a) => ({ graph: a.graph, ms: targetMs(a) })));
  assert.equal(model.base, undefined);
  const target = { ...emptyProfile('target', 'measured', '', 'measurements'), model };
  const rho = spearman(held.map((a) => predictLatency(target, a.graph).ms), held.map(targetMs));
  assert.ok(rho < 0.99, `Spearman ${rho}`);
});

test('a base-only model without a base, and a malformed load reference, are refused', () => {
  const good = emptyProfile('d', 'wasm', '', 'node');
  assert.throws(() => validateDeviceProfile({ ...good, model: { kind: 'features', fold: false, baseOnly: true, interceptMs: 0, weights: {}, seen: [] } }, 'p.json'), /p\.json: "model"\.baseOnly must be true or false, and true only with a base profile/);
  assert.throws(() => validateDeviceProfile({ ...good, model: { kind: 'features', fold: false, interceptMs: 0, weights: {}, seen: [], ensemble: [{ fold: 'yes', interceptMs: 0, weights: {}, seen: [] }] } }, 'p.json'), /p\.json: "model"\.ensemble\[0\]\.fold must be true or false/);
  assert.throws(() => validateDeviceProfile({ ...good, model: { kind: 'features', fold: false, interceptMs: 0, weights: {}, seen: [], bases: [{ ...good, version: 0 }] } }, 'p.json'), /p\.json \(its base profile 1\): profile version 0/);
  assert.throws(() => validateDeviceProfile({ ...good, reference: { signature: 'x', unitMs: -1, endToEndMs: 1 } }, 'p.json'), /p\.json: "reference" must be/);
});
