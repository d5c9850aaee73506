// The operator-table predictor on a synthetic device whose costs are known exactly: each op
// costs a fixed amount per output element, the device runs conv2d + batchNorm as one kernel
// (the batch norm is free), and every kernel launch costs a dispatch overhead. Profiling must
// find that fusion and no other, and the fitted table model must then predict unseen graphs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArchitectureGraph } from '../../src/core/space/types';
import { emptyProfile } from '../../src/hardware/deviceProfile';
import { fitTableModel, predictLatency } from '../../src/hardware/latencyModel';
import { detectFusion, profileUnits, type UnitTimer } from '../../src/hardware/opProfiling';
import { adjacentPairs, distinctUnits, unitsOf, type OpUnitConfig, type UnitOp } from '../../src/hardware/opUnits';
import { GraphMaker } from '../fixtures/data/graphs';

const PER_ELEMENT: Record<string, number> = { conv2d: 2e-4, batchNorm: 1.5e-4, relu: 3e-5, add: 4e-5, maxPool: 6e-5, globalAvgPool: 1e-5, dense: 1e-4, softmax: 1e-5 };
const DISPATCH_MS = 0.02;
const OFFSET_MS = 0.3;

const size = (op: UnitOp) => op.shape.reduce((a, b) => a * b, 1);

/** Milliseconds of one fused-or-not chain of ops on the synthetic device (without launch overhead). */
function chainMs(ops: readonly UnitOp[]): number {
  return ops.reduce((s, op, i) => s + (op.op === 'batchNorm' && ops[i - 1]?.op === 'conv2d' ? 0 : PER_ELEMENT[op.op] * size(op)), 0);
}

const timer: UnitTimer = { time: async (unit: OpUnitConfig) => chainMs(unit.ops) };

/** What the device takes end to end: it fuses conv2d + batchNorm whatever the profile says. */
function deviceMs(graph: ArchitectureGraph): number {
  const kernels = unitsOf(graph, { 'conv2d>batchNorm': true });
  return OFFSET_MS + kernels.reduce((s, u) => s + chainMs(u.ops) + DISPATCH_MS, 0);
}

function net(filters: number[], kernel: number, residual: boolean): ArchitectureGraph {
  const g = new GraphMaker([16, 16, 3], 10);
  let x = 'input';
  filters.forEach((f, i) => {
    const y = g.add('relu', g.add('batchNorm', g.add('conv2d', x, { kernel, stride: 1, filters: f, padding: 'same', useBias: false }, `b${i}`), {}, `b${i}`), {}, `b${i}`);
    x = residual && g.shapeOf(x).join('x') === g.shapeOf(y).join('x') ? g.add('add', [x, y], {}, `b${i}`) : y;
    if (i % 2 === 1) x = g.add('maxPool', x, { size: 2, stride: 2, padding: 'valid' }, `p${i}`);
  });
  x = g.add('globalAvgPool', x, {}, 'head');
  x = g.add('dense', x, { units: 10, useBias: true }, 'head');
  return g.graph(g.add('softmax', x, {}, 'head'));
}

const measuredGraphs = [net([8, 8], 3, true), net([8, 16, 16], 3, false), net([16, 16, 32], 5, true), net([8, 8, 8, 8], 3, true), net([32], 5, false), net([16, 32], 3, true)];
const unseen = [net([16, 16, 16, 16], 5, true), net([8, 32, 32], 3, true), net([32, 32], 3, false)];

test('profiling finds the fused pair and only it, and times each distinct unit once', async () => {
  const all = [...measuredGraphs, ...unseen];
  const fusion = await detectFusion(timer, adjacentPairs(all), {});
  assert.equal(fusion['conv2d>batchNorm'], true);
  assert.equal(fusion['batchNorm>relu'], false);
  assert.deepEqual(Object.entries(fusion).filter(([, f]) => f).map(([p]) => p), ['conv2d>batchNorm']);
  const table: Record<string, number> = {};
  const units = distinctUnits(all, fusion);
  assert.ok(units.every((u) => u.ops[0].op !== 'batchNorm'), 'every batch norm follows its convolution in one unit');
  assert.equal(await profileUnits(timer, units, table), units.length);
  assert.equal(await profileUnits(timer, units, table), 0, 'a unit in the table is not timed again');
});

test('the fitted table model predicts unseen graphs of the synthetic device exactly', async () => {
  const profile = emptyProfile('synthetic', 'synthetic', 'known per-op costs', 'node');
  profile.fusion = await detectFusion(timer, adjacentPairs([...measuredGraphs, ...unseen]), {});
  await profileUnits(timer, distinctUnits([...measuredGraphs, ...unseen], profile.fusion), profile.table);
  const { model, error } = fitTableModel(profile, measuredGraphs.map((graph) => ({ graph, ms: deviceMs(graph) })));
  profile.model = model;
  assert.ok(Math.abs(model.kind === 'table' ? model.dispatchMs - DISPATCH_MS : 1) < 1e-3, `dispatch ${JSON.stringify(model)}`);
  assert.ok(error && error.mape < 0.01, `cross-validated MAPE ${error?.mape}`);
  for (const graph of unseen) {
    const p = predictLatency(profile, graph);
    assert.equal(p.partial, false);
    assert.ok(Math.abs(p.ms - deviceMs(graph)) / deviceMs(graph) < 0.01, `${p.ms} vs ${deviceMs(graph)}`);
  }
});

test('a plain sum without the fusion rule overestimates: the fusion matters on this device', async () => {
  const graph = unseen[0];
  const unfused = unitsOf(graph, {});
  const fused = unitsOf(graph, { 'conv2d>batchNorm': true });
  assert.ok(unfused.length > fused.length);
  assert.ok(unfused.reduce((s, u) => s + chainMs(u.ops), 0) > fused.reduce((s, u) => s + chainMs(u.ops), 0));
});

test('a graph with an operator the profile lacks is predicted partially, naming what is missing', () => {
  const profile = emptyProfile('pi4', 'tflite', '', 'measurements');
  for (const u of unitsOf(measuredGraphs[0])) profile.table[u.signature] = 0.1;
  assert.equal(predictLatency(profile, measuredGraphs[0]).partial, false);
  const p = predictLatency(profile, unseen[0]);
  assert.equal(p.partial, true);
  assert.ok(p.missing.length > 0 && p.missing.every((m) => !(m in profile.table)));
});
