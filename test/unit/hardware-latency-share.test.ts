// A device's predicted latency attributed to the nodes of a graph (hardware/latencyShare.ts), on
// a synthetic device whose per-unit costs are known and which runs conv2d + batchNorm as one
// kernel: the shares add up to the prediction, the fused kernel's time is split over the two
// nodes it covers, a unit the table lacks is "no table entry", and a profile fitted from
// measurements only has no shares. Then the drawing's sums of them, the validator, and the
// panel's wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cell, cellStack, conv, defineSpace } from '../../src/api';
import { drawArchitecture, type NodeLatencies } from '../../src/core/space/architectureDrawing';
import { CompiledSearchSpace } from '../../src/core/space/space';
import type { ArchitectureGraph } from '../../src/core/space/types';
import { check } from '../../src/core/validate';
import { emptyProfile, type DeviceProfile, type TableModel } from '../../src/hardware/deviceProfile';
import { predictLatency, tableSum } from '../../src/hardware/latencyModel';
import { latencyShares, NO_TABLE } from '../../src/hardware/latencyShare';
import { unitsOf } from '../../src/hardware/opUnits';
import { architectureDetailValidator } from '../../src/protocol/records';
import { deviceShares } from '../../src/runtime/deviceShares';
import { latencyLines } from '../../webview/latencyHover';
import { GraphMaker } from '../fixtures/data/graphs';

const FUSION = { 'conv2d>batchNorm': true, 'batchNorm>relu': false };
const PER_ELEMENT: Record<string, number> = { conv2d: 2e-4, batchNorm: 1.5e-4, relu: 3e-5, maxPool: 6e-5, globalAvgPool: 1e-5, dense: 1e-4, softmax: 1e-5, add: 4e-5, avgPool: 5e-5, zeros: 1e-6 };

/** A profile whose table holds every unit of `graphs` at a known cost (a fused conv + batch norm costs its convolution only). */
function syntheticProfile(graphs: readonly ArchitectureGraph[], model?: TableModel): DeviceProfile {
  const profile = emptyProfile('tab', 'synthetic', 'a made-up device', 'node');
  profile.fusion = { ...FUSION };
  if (model) profile.model = model;
  for (const g of graphs) {
    for (const u of unitsOf(g, FUSION)) {
      profile.table[u.signature] = u.ops.reduce((s, op) => s + (op.op === 'batchNorm' ? 0 : PER_ELEMENT[op.op] * op.shape.reduce((a, b) => a * b, 1)), 0);
    }
  }
  return profile;
}

function net(): ArchitectureGraph {
  const g = new GraphMaker([16, 16, 3], 10);
  let x = g.add('relu', g.add('batchNorm', g.add('conv2d', 'input', { kernel: 3, stride: 1, filters: 8, padding: 'same', useBias: false }, 'b0'), {}, 'b0'), {}, 'b0');
  x = g.add('maxPool', x, { size: 2, stride: 2, padding: 'valid' }, 'p0');
  x = g.add('relu', g.add('batchNorm', g.add('conv2d', x, { kernel: 3, stride: 1, filters: 16, padding: 'same', useBias: false }, 'b1'), {}, 'b1'), {}, 'b1');
  x = g.add('dense', g.add('globalAvgPool', x, {}, 'head'), { units: 10, useBias: true }, 'head');
  return g.graph(g.add('softmax', x, {}, 'head'));
}

const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);
const shared = (l: NodeLatencies) => {
  if ('unavailable' in l) throw new Error(`no shares: ${l.unavailable}`);
  return l;
};

test('with a plain table sum, the shares of the nodes add up to the table sum, and a fused pair splits its kernel\'s time', () => {
  const graph = net();
  const profile = syntheticProfile([graph]);
  const l = shared(latencyShares(profile, graph));
  const { sumMs, memoryMs, missing } = tableSum(profile, graph);
  assert.deepEqual(missing, []);
  const shares = sum([...l.byNode.values()].map((n) => n.ms!));
  assert.ok(Math.abs(shares - (sumMs + memoryMs)) < 1e-12, `${shares} vs the table sum ${sumMs + memoryMs}`);
  assert.ok(Math.abs(l.totalMs - predictLatency(profile, graph).ms) < 1e-12);
  const conv = graph.nodes.find((n) => n.id.startsWith('b1.conv2d'))!;
  const bn = graph.nodes.find((n) => n.id.startsWith('b1.batchNorm'))!;
  const convMs = PER_ELEMENT.conv2d * conv.shape.reduce((a, b) => a * b, 1);
  assert.equal(l.byNode.get(conv.id)!.ms, convMs / 2);
  assert.equal(l.byNode.get(bn.id)!.ms, convMs / 2);
  assert.equal(l.byNode.get(bn.id)!.fused, 'conv2d > batchNorm');
  const relu = graph.nodes.find((n) => n.id.startsWith('b1.relu'))!;
  assert.equal(l.byNode.get(relu.id)!.fused, undefined, 'batchNorm > relu is not fused on this device');
  assert.equal(l.byNode.has('input'), false, 'a free node has no share');
});

test('with a fitted correction, the shares plus the offset per call are the prediction', () => {
  const graph = net();
  const profile = syntheticProfile([graph], { kind: 'table', offsetMs: 0.3, scale: 1.5, memoryScale: 2, dispatchMs: 0.02 });
  const l = shared(latencyShares(profile, graph));
  const predicted = predictLatency(profile, graph).ms;
  assert.ok(Math.abs(sum([...l.byNode.values()].map((n) => n.ms!)) + 0.3 - predicted) < 1e-12);
  assert.equal(l.totalMs, predicted);
  // A profile that measured this architecture end to end answers the metric with it, but the shares stay of the table's prediction.
  profile.measurements = [{ key: 'k', ms: 99 }];
  assert.equal(predictLatency(profile, graph, 'k').ms, 99);
  assert.equal(shared(latencyShares(profile, graph)).totalMs, predicted);
});

test('a unit the table lacks is no table entry, for each node it covers; a profile fitted from measurements has no shares', () => {
  const graph = net();
  const profile = syntheticProfile([graph]);
  const conv = graph.nodes.find((n) => n.id.startsWith('b0.conv2d'))!;
  const lacking = Object.keys(profile.table).find((s) => s.startsWith(`conv2d in=${graph.input.join('x')}`))!;
  delete profile.table[lacking];
  const l = shared(latencyShares(profile, graph));
  const bn = graph.nodes.find((n) => n.id.startsWith('b0.batchNorm'))!;
  assert.equal(l.byNode.get(conv.id)!.ms, null);
  assert.equal(l.byNode.get(bn.id)!.ms, null);
  const drawing = drawArchitecture(graph, [], [l]);
  assert.deepEqual(drawing.devices, [{ device: 'tab', totalMs: predictLatency(profile, graph).ms, missing: 2 }]);
  assert.equal(drawing.summary[0].latency?.[0].missing, 2);

  const fitted: DeviceProfile = { ...profile, model: { kind: 'features', fold: false, interceptMs: 1, weights: {}, seen: [] } };
  const none = latencyShares(fitted, graph);
  assert.deepEqual(none, { device: 'tab', unavailable: NO_TABLE });
  const d = drawArchitecture(graph, [], [none]);
  assert.deepEqual(d.devices, [{ device: 'tab', unavailable: NO_TABLE, missing: 0 }]);
  assert.ok(d.summary.every((s) => s.latency === undefined), 'no part gets a share it does not have');
});

const space = new CompiledSearchSpace(defineSpace({
  name: 'cells',
  input: { shape: [8, 8, 3], classes: 2 },
  layers: [conv({ filters: 4, kernel: 3 }), cellStack({ cell: cell({ name: 'c', nodes: 4, ops: ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] }), repeat: 2 })],
}));
const KEY = '|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|';

test('the drawing sums the shares: summary lines over the whole graph, cell nodes and edges over the cell\'s copies', () => {
  const arch = space.fromKey(KEY);
  const graph = space.decode(arch);
  const profile = syntheticProfile([graph], { kind: 'table', offsetMs: 0.1, scale: 1, memoryScale: 1, dispatchMs: 0.01 });
  const l = shared(latencyShares(profile, graph));
  const d = drawArchitecture(graph, space.cellDags(arch), [l]);
  const lineMs = sum(d.summary.map((s) => s.latency![0].ms));
  assert.ok(Math.abs(lineMs + 0.1 - l.totalMs) < 1e-9, `summary lines ${lineMs} + offset vs ${l.totalMs}`);
  assert.ok(Math.abs(sum(d.summary.map((s) => s.latency![0].share)) - (l.totalMs - 0.1) / l.totalMs) < 1e-9);
  const c = d.cells[0];
  const groups = new Set((graph.blocks ?? []).filter((b) => b.cell === 'c').map((b) => b.group));
  const inCell = sum(graph.nodes.filter((n) => groups.has(n.group)).map((n) => l.byNode.get(n.id)?.ms ?? 0));
  assert.ok(inCell > 0);
  assert.ok(Math.abs(sum([...c.nodes, ...c.edges].map((p) => p.cost.latency![0].ms)) - inCell) < 1e-9, 'every node of the cell belongs to one of its nodes or edges');
});

test('the validator accepts the latency shares and names what is malformed', () => {
  const arch = space.fromKey(KEY);
  const graph = space.decode(arch);
  const l = latencyShares(syntheticProfile([graph]), graph);
  const detail = {
    key: KEY, input: graph.input, classes: graph.classes, params: graph.params, macs: graph.macs,
    layers: graph.nodes.map((n) => ({ id: n.id, op: n.op, group: n.group, inputs: n.inputs, shape: n.shape, params: n.params, macs: n.macs, attrs: n.attrs, latency: [{ device: 'tab', ms: 0.1, share: 0.01, missing: 0, fused: 'conv2d > batchNorm' }] })),
    values: space.values(arch),
    drawing: drawArchitecture(graph, space.cellDags(arch), [l, { device: 'fitted', unavailable: NO_TABLE }]),
  };
  const wire = JSON.parse(JSON.stringify(detail)) as unknown;
  const ok = check(architectureDetailValidator, wire);
  assert.ok(ok.ok, ok.ok ? '' : ok.error);
  assert.deepEqual(ok.value, wire);
  const bad = JSON.parse(JSON.stringify(detail)) as typeof detail;
  (bad.drawing.summary[0].latency![0] as { share: unknown }).share = '12%';
  const err = check(architectureDetailValidator, bad);
  assert.equal(err.ok, false);
  assert.match(err.ok ? '' : err.error, /drawing\.summary\[0\]\.latency\[0\]\.share/);
  const noDevice = JSON.parse(JSON.stringify(detail)) as { drawing: { devices: { device?: string }[] } };
  delete noDevice.drawing.devices[1].device;
  assert.match((check(architectureDetailValidator, noDevice) as { error: string }).error, /drawing\.devices\[1\]\.device/);
});

test('the panel words a share with its device, "no table entry", and why a device has no shares', () => {
  const devices = [{ device: 'tab', totalMs: 4, missing: 1 }, { device: 'pixel', unavailable: NO_TABLE, missing: 0 }];
  assert.deepEqual(latencyLines([{ device: 'tab', ms: 0.5, share: 0.125, missing: 0, fused: 'conv2d > batchNorm' }], devices), [
    'latency on tab: 0.5000 ms, 12.5% of the 4 ms predicted (runs fused as conv2d > batchNorm; the kernel\'s time split evenly)',
    `latency on pixel: share not available (${NO_TABLE})`,
  ]);
  assert.equal(latencyLines([{ device: 'tab', ms: 0, share: 0, missing: 1 }], devices)[0], 'latency on tab: no table entry');
  assert.equal(latencyLines([{ device: 'tab', ms: 1, share: 0.25, missing: 2 }], devices)[0], 'latency on tab: 1 ms, 25.0% of the 4 ms predicted; no table entry for 2 ops');
  assert.deepEqual(latencyLines(undefined, undefined), [], 'a run without devices says nothing of latency');
});

test('the run\'s devices are read from their profile files; one that cannot be read is why it has no shares', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-share-'));
  try {
    const graph = net();
    const file = path.join(dir, '.nas', 'devices', 'tab.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(syntheticProfile([graph])));
    const [tab, gone] = deviceShares(['tab', path.join(dir, 'gone.json')], dir, graph);
    assert.equal(shared(tab).device, 'tab');
    assert.ok('unavailable' in gone && gone.device === 'gone' && /no such device profile/.test(gone.unavailable), JSON.stringify(gone));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
