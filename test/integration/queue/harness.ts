// Real processes for the queue tests: `nas worker`s, `nas search --queue`, a test-owned
// redis-server, and a look into the queue. Everything talks to 127.0.0.1 only.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const root = path.resolve(__dirname, '..', '..', '..', '..');
export const nas = path.join(root, 'bin', 'nas.js');
export const space = path.join(root, 'examples', 'nas-bench-201.nasspace.ts');

/** The Redis the tests use (`.ci/run` starts one), or why the queue tests are skipped. */
export async function testRedis(): Promise<{ url: string } | { skip: string }> {
  const url = process.env.NAS_TEST_REDIS_URL;
  if (!url) return { skip: 'NAS_TEST_REDIS_URL is not set (.ci/run starts a redis-server and sets it)' };
  const { hostname, port } = new URL(url);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost') return { skip: `NAS_TEST_REDIS_URL must be on 127.0.0.1, got ${hostname}` };
  return (await ping(Number(port || 6379))) ? { url: `redis://127.0.0.1:${port || 6379}` } : { skip: `no Redis answers at ${url}` };
}

async function ping(port: number): Promise<boolean> {
  const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export interface Proc {
  child: ChildProcess;
  /** stderr and stdout so far. */
  output(): string;
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];

export function start(args: string[], env: Record<string, string> = {}, cwd = root): Proc {
  const child = spawn(process.execPath, [nas, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** A `nas worker` on the queue, once it says it is connected. */
export async function startWorker(queueUrl: string, env: Record<string, string> = {}, extra: string[] = [], cwd = root): Promise<Proc & { id: string }> {
  const p = start(['worker', '--queue', queueUrl, '--lock-seconds', '5', ...extra], env, cwd);
  const line = await until(() => /worker (\S+) on /.exec(p.output())?.[1], `worker to connect: ${p.output()}`, p.exited);
  return { ...p, id: line };
}

/** Ends every process a test started that is still running (by its own pid). */
export function stopAll(): void {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Polls `probe` until it gives a value; fails (rather than hangs) after `limitMs` or when `exited` resolves first. */
export async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, exited?: Promise<unknown>, limitMs = 60_000): Promise<T> {
  let gone = false;
  void exited?.then(() => (gone = true));
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (gone) throw new Error(`process exited while waiting for ${what}`);
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Rec {
  key: string;
  status: string;
  metrics: Record<string, number>;
  error?: string;
  details?: { ranOn?: { host: string; worker: string; backend: string; threads: number } } & Record<string, unknown>;
}

export function records(runDir: string): Rec[] {
  const file = path.join(runDir, 'candidates.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l) as Rec);
}

/** Job counts of a queue (waiting, active, completed, failed, ...). */
export async function jobCounts(redisUrl: string, name: string): Promise<Record<string, number>> {
  const { port } = new URL(redisUrl);
  const q = new Queue(name, { connection: { host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null } });
  try {
    return await q.getJobCounts('wait', 'active', 'completed', 'failed', 'delayed', 'prioritized');
  } finally {
    await q.close();
  }
}

export function searchArgs(queueUrl: string | undefined, out: string, budget: number, strategy: string, parallel: number): string[] {
  return ['search', space, '--estimator', 'table:nas-bench-201', '--strategy', strategy, '--budget', String(budget), '--seed', '7', '--objective', 'max:c10_valid', '--parallel', String(parallel), '--out', out, ...(queueUrl ? ['--queue', queueUrl] : [])];
}

export function runLocal(out: string, budget: number, strategy: string, parallel: number): Rec[] {
  const r = spawnSync(process.execPath, [nas, ...searchArgs(undefined, out, budget, strategy, parallel)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return records(out);
}

/** A free port on 127.0.0.1 (for a test-owned redis-server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** A redis-server of the test's own, in the foreground (so the test can SIGKILL it), without persistence. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  started.push(child);
  await until(() => ping(port), `redis-server on port ${port}`);
  return child;
}
