// A proxy search through the queue keeps each candidate's scored weights in the search's run
// folder, though the `nas worker` that trained them runs in another folder (as on another
// machine): `nas export` then writes the scored model, not a train-now or untrained one, and
// Redis holds no weights afterwards. Needs the tests' Redis (NAS_TEST_REDIS_URL); skipped without it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { readScoredWeightsInfo } from '../../src/core/run/runFolder';
import { nas, records, start, startWorker, stopAll, testRedis } from './queue/harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-queue-weights-'));
after(() => {
  stopAll();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('queue-evaluated proxy candidates keep their scored weights in the run folder, and export writes them', async (t) => {
  const redis = await testRedis();
  if ('skip' in redis) return t.skip(redis.skip);
  const spaceFile = path.join(tmp, 'small.nasspace.ts');
  fs.writeFileSync(
    spaceFile,
    `import { choice, conv, defineSpace, dense, flatten, maxPool } from 'nas-workbench';
export default defineSpace({
  name: 'small-queue',
  input: { shape: [28, 28, 1], classes: 10 },
  layers: [conv({ filters: choice(4, 8), kernel: 3, stride: 2, activation: 'relu' }), maxPool({ size: 2, stride: 2 }), flatten(), dense({ units: 16, activation: 'relu' })],
});
`,
  );
  const queueName = `nas-test-${process.pid}-weights`;
  const q = `${redis.url}/${queueName}`;
  // The worker's own folder: nothing of the search's is there.
  const workerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-queue-weights-worker-'));
  t.after(() => fs.rmSync(workerDir, { recursive: true, force: true }));
  await startWorker(q, {}, [], workerDir);
  const runDir = path.join(tmp, 'run');
  const search = start(['search', spaceFile, '--estimator', 'proxy', '--train', 'epochs=1', '--train', 'subset=600', '--train', 'latency=0', '--budget', '2', '--seed', '2', '--objective', 'max:val_acc', '--out', runDir, '--queue', q], {}, tmp);
  assert.equal(await search.exited, 0, search.output());

  const rs = records(runDir);
  assert.equal(rs.length, 2);
  for (const r of rs) {
    assert.equal(r.status, 'ok');
    assert.ok(r.details?.ranOn, 'evaluated by the worker');
    assert.equal(r.details?.weightsSent, undefined, 'the transfer flag stays out of the record');
    assert.equal(r.details?.weightsNotKept, undefined, String(r.details?.weightsNotKept));
    const info = readScoredWeightsInfo(runDir, r.key);
    assert.ok(info, `the run folder has ${r.key}'s weights`);
    assert.equal(info.valAcc, r.metrics.val_acc, 'one training per candidate: its weights scored the recorded val_acc');
  }
  const left = new Redis(redis.url);
  try {
    assert.deepEqual(await left.keys(`nas-weights:${queueName}:*`), [], 'the search took the weights out of Redis');
  } finally {
    left.disconnect();
  }

  const out = path.join(tmp, 'export');
  const exported = spawnSync(process.execPath, [nas, 'export', runDir, '#1', '--out', out, '--json'], { cwd: tmp, encoding: 'utf8' });
  assert.equal(exported.status, 0, exported.stderr);
  assert.equal((JSON.parse(fs.readFileSync(path.join(out, 'export.json'), 'utf8')) as { kind: string }).kind, 'scored');
});
