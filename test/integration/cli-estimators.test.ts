// `nas estimators` lists what the registry holds, as text and as JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ANALYTIC_METRICS } from '../../src/core/estimate/catalog';
import { ESTIMATOR_NAMES, ESTIMATORS, estimatorUsage } from '../../src/core/estimate/estimators/index';

const nas = path.resolve(__dirname, '..', '..', '..', 'bin', 'nas.js');
const run = (args: string[]) => spawnSync(process.execPath, [nas, ...args], { encoding: 'utf8' });

test('nas estimators --json: every estimator with its settings and metrics, and the analytic costs', () => {
  const r = run(['estimators', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const listing = JSON.parse(r.stdout) as { estimators: { name: string; usage: string; settings: { name: string; default: unknown; range: string }[]; metrics: { name: string }[] }[]; analytic: { name: string }[] };
  assert.deepEqual(listing.estimators.map((e) => e.name), ESTIMATOR_NAMES);
  for (const e of listing.estimators) {
    const d = ESTIMATORS[e.name as keyof typeof ESTIMATORS];
    assert.deepEqual(e.settings.map((s) => [s.name, s.default]), Object.entries(d.settings).map(([k, s]) => [k, s.default]));
    assert.deepEqual(e.metrics.map((m) => m.name), d.metrics.map((m) => m.name));
  }
  assert.deepEqual(listing.estimators.find((e) => e.name === 'proxy')?.settings.find((s) => s.name === 'epochs')?.range, 'a whole number >= 1');
  assert.deepEqual(listing.analytic.map((m) => m.name), ANALYTIC_METRICS.map((m) => m.name));
});

test('nas estimators: a text listing naming every estimator, setting and metric', () => {
  const r = run(['estimators']);
  assert.equal(r.status, 0, r.stderr);
  for (const name of ESTIMATOR_NAMES) {
    assert.match(r.stdout, new RegExp(`^${estimatorUsage(name).replace(/[.<>[\]]/g, '\\$&')}  `, 'm'));
    for (const key of Object.keys(ESTIMATORS[name].settings)) assert.match(r.stdout, new RegExp(`^    ${key} `, 'm'));
  }
  assert.match(r.stdout, /^ {4}activation_kb +min +KiB +free /m);
  assert.match(run(['estimators', 'extra']).stderr, /^nas: unexpected argument 'extra'/);
});
