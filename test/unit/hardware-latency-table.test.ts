import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LATENCY_TABLE_FORMAT, loadLatencyTable, opSignature, predictLatency, signaturesOf, validateLatencyTable, type LatencyTable } from '../../src/hardware/latencyTable';
import { GraphMaker, tinyConvNet, vggLike } from '../fixtures/data/graphs';

test('op signatures hold kind, shapes and cost-relevant attributes', () => {
  const g = tinyConvNet([8, 8, 1], 3);
  const conv = g.nodes.find((n) => n.op === 'conv2d')!;
  assert.equal(opSignature(conv, [[8, 8, 1]]), 'conv2d in=8x8x1 out=8x8x4 kernel=3 stride=1 padding=same useBias=true');
  assert.deepEqual(signaturesOf(g).map((s) => s.node.op), ['conv2d', 'relu', 'globalAvgPool', 'dense', 'softmax']);
});

test('latency is the sum of table entries; free ops need none; missing ones are listed', () => {
  const g = tinyConvNet([8, 8, 1], 3);
  const sigs = signaturesOf(g).map((s) => s.signature);
  const entries = Object.fromEntries(sigs.map((s, i) => [s, [0.5, 0.25, 0.125, 0.0625, 0.03125][i]]));
  const table: LatencyTable = { format: LATENCY_TABLE_FORMAT, version: 1, device: 'test', batch: 1, entries };
  const p = predictLatency(g, table);
  assert.equal(p.totalMs, 0.96875);
  assert.deepEqual(p.missing, []);
  delete entries[sigs[0]];
  const partial = predictLatency(g, table);
  assert.equal(partial.totalMs, 0.46875);
  assert.deepEqual(partial.missing, [sigs[0]]);
});

test('a repeated op needs one entry but is counted at each occurrence', () => {
  const g = new GraphMaker([4, 4, 2], 2);
  const x = g.add('relu', g.add('relu', 'input'));
  const graph = g.graph(x);
  assert.equal(signaturesOf(graph).length, 1);
  const table: LatencyTable = { format: LATENCY_TABLE_FORMAT, version: 1, device: 'test', batch: 1, entries: { 'relu in=4x4x2 out=4x4x2': 0.25 } };
  assert.equal(predictLatency(graph, table).totalMs, 0.5);
  assert.ok(signaturesOf(vggLike()).length < vggLike().nodes.length);
});

test('a bad table is an error naming the file and the field', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-lut-'));
  const file = path.join(dir, 'lut.json');
  const good = { format: LATENCY_TABLE_FORMAT, version: 1, device: 'laptop', backend: 'wasm', batch: 1, entries: { 'relu in=1 out=1': 0.01 } };
  fs.writeFileSync(file, JSON.stringify(good));
  assert.equal(loadLatencyTable(file).device, 'laptop');
  fs.writeFileSync(file, '{ not json');
  assert.throws(() => loadLatencyTable(file), (e: Error) => e.message.startsWith(file) && /not valid JSON/.test(e.message));
  assert.throws(() => loadLatencyTable(path.join(dir, 'missing.json')), /missing\.json: cannot read/);
  assert.throws(() => validateLatencyTable({ ...good, entries: { a: -1 } }, 'T'), /T: entry "a" must be a finite number/);
  assert.throws(() => validateLatencyTable({ ...good, entries: { a: 'fast' } }, 'T'), /entry "a"/);
  assert.throws(() => validateLatencyTable({ ...good, format: 'other' }, 'T'), /"format" must be/);
  assert.throws(() => validateLatencyTable({ ...good, version: 2 }, 'T'), /"version" 2 is not supported/);
  assert.throws(() => validateLatencyTable({ ...good, device: '' }, 'T'), /"device"/);
  assert.throws(() => validateLatencyTable({ ...good, batch: 0 }, 'T'), /"batch"/);
  assert.throws(() => validateLatencyTable([], 'T'), /JSON object/);
});
