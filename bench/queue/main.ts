// The queue pool's costs and gains on this machine, with a redis-server of its own on loopback:
//  1. throughput of `nas search --queue` with 1 and 2 local `nas worker`s on a small proxy
//     training of the MobileNetV2 example (a search keeps 2 in flight in both cases, so only
//     the workers change);
//  2. the queue's overhead per request: the same table search (1 in flight) in process and
//     through the queue with one worker, the difference divided by the candidates.
// Expectation on 2 idle cores: about twice the proxy throughput with 2 workers (each trains on
// one core), and a few ms per request on the table (Redis round trips, JSON of the job).
// Usage: npm run bench:queue [-- --proxy-candidates N --table-candidates M]
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');
const space = path.join(root, 'examples', 'nas-bench-201.nasspace.ts');
/** The proxy trains on the built-in Fashion-MNIST subset, which the MobileNetV2 example is shaped for. */
const proxySpace = path.join(root, 'examples', 'mobilenetv2.nasspace.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-bench-queue-'));
const { values } = parseArgs({ options: { 'proxy-candidates': { type: 'string', default: '8' }, 'table-candidates': { type: 'string', default: '300' } } });
const proxyTrain = ['--train', 'subset=512', '--train', 'validationSubset=256', '--train', 'latency=0', '--train', 'bnRecalibration=0', '--train', 'repeats=1'];
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function worker(url: string): Promise<void> {
  const child = spawn(process.execPath, [nas, 'worker', '--queue', url], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  await new Promise<void>((resolve) => child.stderr!.on('data', (d: Buffer) => d.toString().includes(' on redis://') && resolve()));
}

/** Seconds of a search, from its start to its exit (not spawnSync: this process must keep reading the workers' output, else a full pipe stops them). */
async function search(args: string[], file = space): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [nas, 'search', file, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(stderr);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Candidates and mean evaluation seconds per worker, from the run's records (details.ranOn). */
function perWorker(runDir: string): string {
  const by = new Map<string, number[]>();
  for (const line of fs.readFileSync(path.join(runDir, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as { status: string; durationMs: number; details?: { ranOn?: { worker: string } } };
    if (r.status !== 'ok') throw new Error(`${runDir}: a candidate ${r.status}: the figure would not be a training's`);
    const w = r.details?.ranOn?.worker ?? '?';
    by.set(w, [...(by.get(w) ?? []), r.durationMs / 1000]);
  }
  return [...by].map(([w, d]) => `${w}: ${d.length}, ${(d.reduce((a, b) => a + b, 0) / d.length).toFixed(2)} s each`).join('; ');
}

async function main(): Promise<void> {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(redis);
  await new Promise((r) => setTimeout(r, 500));
  const base = `redis://127.0.0.1:${port}`;
  console.log(`${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(1)}`);

  const p = Number(values['proxy-candidates']);
  for (const workers of [1, 2]) {
    const url = `${base}/proxy-${workers}`;
    for (let i = 0; i < workers; i++) await worker(url);
    // Each worker builds its estimator (TensorFlow.js, the data) on its first job: a warm-up
    // search of two jobs per worker keeps that out of the figure.
    await search(['--estimator', 'proxy', ...proxyTrain, '--strategy', 'random', '--seed', '99', '--budget', String(2 * workers), '--objective', 'max:val_acc', '--parallel', String(2 * workers), '--queue', url, '--out', path.join(tmp, `warm-${workers}`)], proxySpace);
    const s = await search(['--estimator', 'proxy', ...proxyTrain, '--strategy', 'random', '--budget', String(p), '--objective', 'max:val_acc', '--parallel', '2', '--queue', url, '--out', path.join(tmp, `proxy-${workers}`)], proxySpace);
    console.log(`proxy, ${workers} worker(s): ${p} candidates in ${s.toFixed(1)} s = ${((p / s) * 60).toFixed(1)} candidates/min (${perWorker(path.join(tmp, `proxy-${workers}`))})`);
  }

  const t = Number(values['table-candidates']);
  const table = ['--estimator', 'table:nas-bench-201', '--strategy', 'random', '--budget', String(t), '--objective', 'max:c10_valid'];
  const url = `${base}/table`;
  await worker(url);
  const local = await search([...table, '--out', path.join(tmp, 'table-local')]);
  const queued = await search([...table, '--queue', url, '--out', path.join(tmp, 'table-queued')]);
  console.log(`table, ${t} candidates one at a time: in process ${local.toFixed(2)} s, through the queue ${queued.toFixed(2)} s; overhead ${(((queued - local) / t) * 1000).toFixed(2)} ms per candidate`);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });
