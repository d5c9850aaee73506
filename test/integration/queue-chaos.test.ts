// The queue pool under chaos (issue 17): a random search of NAS-Bench-201 table candidates, each
// padded with a simulated training of 0.5-1 s, on 4 `nas worker`s and a test-owned redis-server
// (loopback, a port of its own); a random worker is killed every few seconds and a new one
// started, the search is killed once and resumed, Redis is killed and restarted once. The run must
// record exactly the candidates of the same seed's run without faults, each once, all ok.
// The random strategy's proposals do not depend on arrival order, but with --parallel 8 the
// records come in arrival order, so the candidates are compared as sets (and each key once).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, hasRedisServer, jobCounts, records, runLocal, searchArgs, start, startRedis, startWorker, stopAll, testRedis, type Proc } from './queue/harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-chaos-'));
after(() => {
  stopAll();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** 300 in the issue; 200 keeps the test under a minute on 2 shared cores (about 38 s of padded evaluations on 4 workers, plus the faults' restarts and stall checks). */
const N = 200;
const parallel = 8;
const padding = { NAS_WORKER_TEST_DELAY_MS: '500-1000' };
/** A job may be on a killed worker more than once; it must not be failed for that here. */
const workerArgs = ['--max-stalls', '50'];
const killEveryMs = 2500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(`chaos (N=${N}, not the issue's 300, to stay under a minute on 2 cores; 4 workers): workers killed every few seconds, the search killed and resumed, Redis killed and restarted; every candidate recorded once`, { timeout: 240_000 }, async (t) => {
  const shared = await testRedis();
  if ('skip' in shared) return t.skip(shared.skip);
  if (!hasRedisServer()) return t.skip('redis-server is not installed');
  const port = await freePort();
  let server = await startRedis(port);
  const q = `redis://127.0.0.1:${port}/chaos`;
  const out = path.join(tmp, 'chaos');
  const workers: Proc[] = [];
  for (let i = 0; i < 4; i++) workers.push(await startWorker(q, padding, workerArgs));

  let search = start(searchArgs(q, out, N, 'random', parallel));
  let done = false;
  let killedSearch: Proc | undefined;
  const watch = (p: Proc) => void p.exited.then(() => p !== killedSearch && (done = true));
  watch(search);
  let kills = 0;
  let resumed = false;
  let redisRestarted = false;
  const deadline = Date.now() + 200_000;
  let lastKill = Date.now();
  while (!done) {
    if (Date.now() > deadline) throw new Error(`chaos run did not finish: ${records(out).length} of ${N} recorded\n${search.output()}`);
    await sleep(200);
    if (done) break;
    const recorded = records(out).length;
    if (!resumed && recorded >= N / 4) {
      resumed = true;
      killedSearch = search;
      search.child.kill('SIGKILL');
      await search.exited;
      search = start(['resume', out]);
      watch(search);
    } else if (!redisRestarted && recorded >= N / 2) {
      redisRestarted = true;
      server.kill('SIGKILL');
      await new Promise((r) => server.on('exit', r));
      server = await startRedis(port);
    } else if (Date.now() - lastKill >= killEveryMs) {
      const victim = Math.floor(Math.random() * workers.length);
      workers[victim].child.kill('SIGKILL');
      await workers[victim].exited;
      kills++;
      workers[victim] = await startWorker(q, padding, workerArgs);
      lastKill = Date.now();
    }
  }
  assert.equal(await search.exited, 0, search.output());
  assert.ok(resumed && redisRestarted && kills >= 3, `every fault happened (kills ${kills}, resumed ${resumed}, Redis restarted ${redisRestarted})`);

  const rs = records(out);
  const keys = rs.map((r) => r.key);
  assert.equal(rs.length, N);
  assert.equal(new Set(keys).size, N, 'each candidate once');
  assert.deepEqual(rs.filter((r) => r.status !== 'ok'), [], 'no request failed');
  const clean = runLocal(path.join(tmp, 'clean'), N, 'random', parallel);
  assert.deepEqual([...keys].sort(), clean.map((r) => r.key).sort());
  // No request lost or left behind in the queue.
  const counts = await jobCounts(q, 'chaos');
  assert.equal(counts.wait + counts.active + counts.delayed + counts.prioritized + counts.failed, 0, JSON.stringify(counts));
});
