// How the queue pool scales out, with a redis-server of its own on loopback (issue 17):
//  1. throughput of `nas search --queue` with 1, 2, 4 and 8 local `nas worker`s on NAS-Bench-201
//     table evaluations padded with a 500 ms sleep (a simulated training: a sleep, so it scales
//     past the cores), candidates per minute and the ratio to ideal (workers x 120 per minute);
//     the search keeps twice the workers in flight so no worker waits for a proposal;
//  2. the time from a worker's death (SIGKILL mid-job) to its job being re-queued and finished
//     by another worker (the stall check: at most lock + stalledInterval, --lock-seconds 5 here);
//  3. the queue's overhead per candidate against the in-process pool: the same unpadded table
//     search, one at a time, in process and through the queue with one worker.
// Usage: npm run bench:scale-out [-- --per-worker N --deaths D --table-candidates M]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, jobCounts, records, searchArgs, start, startRedis, startWorker, stopAll, until } from '../../test/integration/queue/harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-bench-scale-out-'));
const { values } = parseArgs({ options: { 'per-worker': { type: 'string', default: '16' }, deaths: { type: 'string', default: '3' }, 'table-candidates': { type: 'string', default: '200' } } });
const paddingMs = 500;
const padding = { NAS_WORKER_TEST_DELAY_MS: String(paddingMs) };

/** Seconds of a search from its start to its exit; fails with its output when it fails. */
async function timedSearch(args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const p = start(args);
  const code = await p.exited;
  if (code !== 0) throw new Error(p.output());
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function throughput(base: string, workers: number): Promise<void> {
  const url = `${base}/scale-${workers}`;
  const ws = await Promise.all(Array.from({ length: workers }, () => startWorker(url, padding)));
  // The first job of each worker loads the table: a warm-up search of one job per worker keeps it out.
  await timedSearch(searchArgs(url, path.join(tmp, `warm-${workers}`), workers, 'random', workers));
  const n = Number(values['per-worker']) * workers;
  const s = await timedSearch(searchArgs(url, path.join(tmp, `scale-${workers}`), n, 'random', 2 * workers));
  const perMin = (n / s) * 60;
  const ideal = workers * (60_000 / paddingMs);
  console.log(`${workers} worker(s): ${n} candidates in ${s.toFixed(1)} s = ${perMin.toFixed(0)} candidates/min, ${(perMin / ideal).toFixed(2)} of ideal (${ideal})`);
  for (const w of ws) w.child.kill('SIGKILL');
}

/** Seconds from SIGKILL of the worker holding the only job to that job's record (done by an idle second worker). */
async function deathToRequeue(base: string, i: number): Promise<number> {
  const url = `${base}/death-${i}`;
  const name = `death-${i}`;
  const doomed = await startWorker(url, { NAS_WORKER_TEST_DELAY_MS: '600000' });
  const out = path.join(tmp, name);
  const search = start(searchArgs(url, out, 1, 'random', 1));
  await until(async () => (await jobCounts(url, name)).active >= 1, 'the doomed worker to take the job', search.exited);
  const rescuer = await startWorker(url);
  const killed = process.hrtime.bigint();
  doomed.child.kill('SIGKILL');
  await until(() => records(out).length >= 1, 'the job to be done again', search.exited, 120_000);
  const s = Number(process.hrtime.bigint() - killed) / 1e9;
  if (await search.exited !== 0) throw new Error(search.output());
  rescuer.child.kill('SIGKILL');
  return s;
}

async function main(): Promise<void> {
  const port = await freePort();
  await startRedis(port);
  const base = `redis://127.0.0.1:${port}`;
  console.log(`${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(1)}; padding ${paddingMs} ms per candidate`);

  for (const workers of [1, 2, 4, 8]) await throughput(base, workers);

  const deaths: number[] = [];
  for (let i = 0; i < Number(values.deaths); i++) deaths.push(await deathToRequeue(base, i));
  console.log(`worker death to its job re-queued and done (--lock-seconds 5): ${deaths.map((d) => d.toFixed(1)).join(', ')} s`);

  const m = Number(values['table-candidates']);
  const url = `${base}/overhead`;
  await startWorker(url);
  const local = await timedSearch(searchArgs(undefined, path.join(tmp, 'local'), m, 'random', 1));
  const queued = await timedSearch(searchArgs(url, path.join(tmp, 'queued'), m, 'random', 1));
  console.log(`queue overhead, ${m} unpadded table candidates one at a time: in process ${local.toFixed(2)} s, through the queue ${queued.toFixed(2)} s = ${(((queued - local) / m) * 1000).toFixed(2)} ms per candidate`);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    stopAll();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
