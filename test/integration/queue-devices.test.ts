// `nas search --queue` with a device: the queue's workers fill latency_ms@<device> and apply a
// constraint on it as the search process would, from the profile the job carries (the worker
// runs in another folder, with no .nas/devices of its own). Needs the tests' Redis
// (NAS_TEST_REDIS_URL); skipped without it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { nas, records, space, start, startWorker, stopAll, testRedis } from './queue/harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-queue-devices-'));
after(() => {
  stopAll();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A made-up device whose latency is known per cell edge (as in cli-device.test.ts). */
const syntheticMs = (key: string) => 2 + 15 * (key.split('nor_conv_3x3').length - 1) + 4.5 * (key.split('nor_conv_1x1').length - 1) + 1.5 * (key.split('avg_pool_3x3').length - 1);

test('queue workers add latency_ms@<device> and reject candidates over its constraint, like a local search', async (t) => {
  const redis = await testRedis();
  if ('skip' in redis) return t.skip(redis.skip);
  const { space: s } = await loadSpaceFile(space);
  const keys = [...s.enumerate()].map((a) => s.key(a));
  fs.writeFileSync(path.join(tmp, 'measured.csv'), `key,ms\n${keys.filter((_, i) => i % 400 === 7).map((k) => `${k},${syntheticMs(k)}`).join('\n')}\n`);
  const fit = spawnSync(process.execPath, [nas, 'device', 'fit', 'syn', '--space', space, '--measurements', 'measured.csv'], { cwd: tmp, encoding: 'utf8' });
  assert.equal(fit.status, 0, fit.stderr);

  const q = `${redis.url}/nas-test-${process.pid}-devices`;
  await startWorker(q);
  const args = (out: string) => ['search', space, '--estimator', 'table:nas-bench-201', '--strategy', 'random', '--budget', '20', '--seed', '3', '--objective', 'max:c10_valid', '--device', 'syn', '--constraint', 'latency_ms@syn<=40', '--out', out];
  const queued = start([...args('queued'), '--queue', q], {}, tmp);
  assert.equal(await queued.exited, 0, queued.output());
  const local = spawnSync(process.execPath, [nas, ...args('local')], { cwd: tmp, encoding: 'utf8' });
  assert.equal(local.status, 0, local.stderr);

  const byKey = (rs: ReturnType<typeof records>) => Object.fromEntries(rs.map((r) => [r.key, r]));
  const remote = byKey(records(path.join(tmp, 'queued')));
  const here = byKey(records(path.join(tmp, 'local')));
  assert.deepEqual(Object.keys(remote).sort(), Object.keys(here).sort());
  for (const [key, r] of Object.entries(remote)) {
    assert.ok(typeof r.metrics['latency_ms@syn'] === 'number', `${key} has latency_ms@syn from the worker`);
    assert.equal(r.metrics['latency_ms@syn'], here[key].metrics['latency_ms@syn']);
    assert.equal(r.status, here[key].status);
  }
  assert.ok(Object.values(remote).some((r) => r.status === 'rejected'), 'some candidates break the latency constraint');
});
