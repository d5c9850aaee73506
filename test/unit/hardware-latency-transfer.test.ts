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
  assert.equal(model.base?.name, 'source');
  assert.ok(error.mape < 1e-3, `cross-validated MAPE ${error.mape}`);
  const target = { ...emptyProfile('target', 'measured', '', 'measurements'), model };
  for (const a of held) assert.ok(Math.abs(predictLatency(target, a.graph, a.key).ms - targetMs(a)) < 1e-3 * targetMs(a), a.key);
  assert.doesNotThrow(() => validateDeviceProfile(JSON.parse(JSON.stringify(target)), 'target.json'));
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
  assert.throws(() => validateDeviceProfile({ ...good, reference: { signature: 'x', unitMs: -1, endToEndMs: 1 } }, 'p.json'), /p\.json: "reference" must be/);
});
