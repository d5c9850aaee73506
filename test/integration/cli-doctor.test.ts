// `nas doctor` loads TensorFlow.js as a search does and reports the engine: one JSON object with
// --json (the backend's TensorFlow.js name first), lines for a person without.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

const nas = path.resolve(__dirname, '..', '..', '..', 'bin', 'nas.js');

test('nas doctor --json reports the backend, why better ones are not used, Node, threads and parallel trainings', () => {
  const r = spawnSync(process.execPath, [nas, 'doctor', '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.ok(['tensorflow', 'wasm', 'cpu'].includes(report.backend as string), `backend ${String(report.backend)}`);
  assert.equal(Object.keys(report)[0], 'backend');
  assert.equal(typeof report.reasons, 'object');
  // Every engine better than the one in use says why it is not.
  const better = ['tensorflow', 'wasm'].slice(0, ['tensorflow', 'wasm', 'cpu'].indexOf(report.backend as string));
  for (const name of better) assert.equal(typeof (report.reasons as Record<string, unknown>)[name], 'string', `reason for ${name}`);
  assert.equal(report.node, process.version);
  assert.ok(Number.isInteger(report.threads) && (report.threads as number) >= 1);
  assert.equal(report.parallelTrainings, report.backend === 'tensorflow' ? 1 : os.availableParallelism());
});

test('nas doctor without --json prints one line per fact', () => {
  const r = spawnSync(process.execPath, [nas, 'doctor'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const label of ['backend', 'node', 'threads', 'repeats', 'datasets']) assert.match(r.stdout, new RegExp(`^${label} +\\S`, 'm'), label);
  const extra = spawnSync(process.execPath, [nas, 'doctor', 'extra'], { encoding: 'utf8' });
  assert.equal(extra.status, 2);
});
