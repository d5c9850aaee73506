// `nas search --queue` with real `nas worker` processes on a Redis on 127.0.0.1 (the one
// NAS_TEST_REDIS_URL names, which .ci/run starts; skipped without it, and one of the tests' own
// for the Redis restart): the same candidates as a local run, a worker killed mid-evaluation, the
// search killed and resumed, a job evaluated twice and recorded once, a candidate that keeps
// killing its worker, and Redis killed and restarted. Each test has a queue of its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, hasRedisServer, jobCounts, records, runLocal, searchArgs, start, startRedis, startWorker, stopAll, testRedis, until } from './queue/harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-queue-'));
let redis: { url: string } | { skip: string };
let n = 0;
/** A queue of the test's own on the tests' Redis. */
const queueOf = (label: string) => ('url' in redis ? `${redis.url}/nas-test-${process.pid}-${label}-${n++}` : '');
const skip = () => ('skip' in redis ? redis.skip : false);

before(async () => {
  redis = await testRedis();
  if ('skip' in redis) console.log(`# queue tests skipped: ${redis.skip}`);
});
after(() => {
  stopAll();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const keysOf = (rs: { key: string }[]) => rs.map((r) => r.key);

test('two workers (listed by nas workers) give the candidates of a local run: the same list one at a time, the same set four at a time', async (t) => {
  if (skip()) return t.skip(String(skip()));
  const q = queueOf('same');
  const workers = [await startWorker(q), await startWorker(q)];
  const listed = start(['workers', '--queue', q, '--json']);
  assert.equal(await listed.exited, 0, listed.output());
  assert.deepEqual((JSON.parse(listed.output()) as { id: string }[]).map((w) => w.id), workers.map((w) => w.id).sort());
  for (const [strategy, parallel] of [['evolution', 1], ['random', 4]] as const) {
    const local = runLocal(path.join(tmp, `local-${strategy}`), 30, strategy, parallel);
    const out = path.join(tmp, `queued-${strategy}`);
    const search = start(searchArgs(q, out, 30, strategy, parallel));
    assert.equal(await search.exited, 0, search.output());
    const queued = records(out);
    if (parallel === 1) assert.deepEqual(keysOf(queued), keysOf(local));
    else assert.deepEqual(keysOf(queued).sort(), keysOf(local).sort());
    assert.deepEqual(queued.map((r) => r.status), local.map((r) => r.status));
    for (const r of queued) {
      assert.equal(r.details?.ranOn?.host, os.hostname());
      assert.equal(r.details?.ranOn?.backend, 'table');
      assert.ok(workers.some((w) => w.id === r.details?.ranOn?.worker), `${r.details?.ranOn?.worker} is one of the workers`);
    }
    const info = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { settings: { queue?: string } };
    assert.equal(info.settings.queue, q);
  }
});

test('a worker killed mid-evaluation leaves its job to another worker', async (t) => {
  if (skip()) return t.skip(String(skip()));
  const q = queueOf('killed');
  const doomed = await startWorker(q, { NAS_WORKER_TEST_DELAY_MS: '60000' });
  const out = path.join(tmp, 'killed');
  const search = start(searchArgs(q, out, 4, 'random', 2));
  const name = new URL(q).pathname.slice(1);
  await until(async () => (await jobCounts(q, name)).active >= 1, 'the doomed worker to take a job', search.exited);
  doomed.child.kill('SIGKILL');
  const rescuer = await startWorker(q);
  assert.equal(await search.exited, 0, search.output());
  const rs = records(out);
  assert.equal(rs.length, 4);
  assert.equal(new Set(keysOf(rs)).size, 4);
  assert.ok(rs.every((r) => r.status === 'ok' && r.details?.ranOn?.worker === rescuer.id), JSON.stringify(rs.map((r) => r.details?.ranOn)));
});

test('a search killed and resumed adopts what finished meanwhile and queues only what is missing', async (t) => {
  if (skip()) return t.skip(String(skip()));
  const q = queueOf('resume');
  const name = new URL(q).pathname.slice(1);
  const workers = [await startWorker(q, { NAS_WORKER_TEST_DELAY_MS: '300' }), await startWorker(q, { NAS_WORKER_TEST_DELAY_MS: '300' })];
  const out = path.join(tmp, 'resumed');
  const search = start(searchArgs(q, out, 12, 'random', 3));
  await until(() => records(out).length >= 3, 'three records', search.exited);
  search.child.kill('SIGKILL');
  await search.exited;
  // What was in flight finishes while the search is down.
  await until(async () => {
    const c = await jobCounts(q, name);
    return c.wait + c.active + c.delayed + c.prioritized === 0;
  }, 'the queue to drain');
  const resumed = start(['resume', out]);
  assert.equal(await resumed.exited, 0, resumed.output());
  const rs = records(out);
  assert.equal(rs.length, 12);
  assert.deepEqual(keysOf(rs).sort(), keysOf(runLocal(path.join(tmp, 'resumed-local'), 12, 'random', 3)).sort());
  // Every candidate was evaluated exactly once, over both sessions.
  const evaluations = workers.map((w) => (w.output().match(/: ok in /g) ?? []).length).reduce((a, b) => a + b, 0);
  assert.equal(evaluations, 12, workers.map((w) => w.output()).join('\n'));
});

test('a job evaluated twice (its worker paused past its lock) is recorded once', async (t) => {
  if (skip()) return t.skip(String(skip()));
  const q = queueOf('twice');
  const name = new URL(q).pathname.slice(1);
  const paused = await startWorker(q, { NAS_WORKER_TEST_DELAY_MS: '1500' });
  const out = path.join(tmp, 'twice');
  const search = start(searchArgs(q, out, 3, 'random', 1));
  await until(async () => (await jobCounts(q, name)).active >= 1, 'the paused worker to take a job', search.exited);
  paused.child.kill('SIGSTOP');
  const other = await startWorker(q);
  await until(() => records(out).length >= 1, 'the other worker to finish the job', search.exited);
  paused.child.kill('SIGCONT');
  assert.equal(await search.exited, 0, search.output());
  const first = records(out)[0].key;
  await until(() => paused.output().includes(`${first}: ok`), 'the paused worker to finish its copy');
  const rs = records(out);
  assert.equal(rs.length, 3);
  assert.equal(new Set(keysOf(rs)).size, 3);
  assert.equal(rs[0].details?.ranOn?.worker, other.id);
});

test('a candidate that keeps killing its worker fails after a bounded number of attempts', async (t) => {
  if (skip()) return t.skip(String(skip()));
  const q = queueOf('poison');
  const poisoned = runLocal(path.join(tmp, 'poison-local'), 3, 'random', 1)[1].key;
  const env = { NAS_WORKER_TEST_CRASH_KEY: poisoned };
  let deaths = 0;
  let alive = true;
  const out = path.join(tmp, 'poison');
  const search = start(searchArgs(q, out, 3, 'random', 1));
  void search.exited.then(() => (alive = false));
  // A supervisor: a new worker whenever one dies, while the search runs (bounded).
  while (alive && deaths < 10) {
    const w = await startWorker(q, env, ['--max-stalls', '1']);
    const code = await Promise.race([w.exited.then(() => 'died'), search.exited.then(() => 'done')]);
    if (code === 'died') deaths++;
  }
  assert.equal(await search.exited, 0, search.output());
  const rs = records(out);
  assert.deepEqual(rs.map((r) => r.status), ['ok', 'failed', 'ok']);
  assert.equal(rs[1].key, poisoned);
  assert.match(rs[1].error ?? '', /stopped its worker/);
  assert.equal(deaths, 2, 'one attempt and one retry (--max-stalls 1)');
});

test('Redis killed and restarted mid-search: no recorded candidate lost, none repeated', async (t) => {
  if (skip()) return t.skip(String(skip()));
  if (!hasRedisServer()) return t.skip('redis-server is not installed');
  const port = await freePort();
  let server = await startRedis(port);
  const q = `redis://127.0.0.1:${port}/restart`;
  await startWorker(q, { NAS_WORKER_TEST_DELAY_MS: '200' });
  const out = path.join(tmp, 'restart');
  const search = start(searchArgs(q, out, 15, 'random', 2));
  await until(() => records(out).length >= 4, 'four records', search.exited);
  const before = records(out).length;
  server.kill('SIGKILL');
  await new Promise((r) => server.on('exit', r));
  server = await startRedis(port);
  assert.equal(await search.exited, 0, search.output());
  const rs = records(out);
  assert.equal(rs.length, 15);
  assert.equal(new Set(keysOf(rs)).size, 15);
  assert.deepEqual(keysOf(rs).sort(), keysOf(runLocal(path.join(tmp, 'restart-local'), 15, 'random', 2)).sort());
  assert.ok(before >= 4);
  server.kill('SIGKILL');
});
