// One writer per run folder: the lock refuses a second writer naming the first, and a lock whose
// holder no longer runs (killed, a reused pid, another boot, a damaged file) is taken over at once.
// The race of two real `nas resume` processes is in test/integration/cli-search.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeFolders } from '../../src/core/run/makeFolders';
import { prepareResume } from '../../src/core/run/resume';
import { LOCK_FILE, RunLock, RunLockedError, type LockHolder } from '../../src/core/run/runLock';
import { RunStore } from '../../src/core/run/store';

function newRun(): RunStore {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-lock-'));
  return RunStore.create(out, { toolVersion: 'test', spaceFile: 's.nasspace.ts', spaceHash: 'h1', spaceName: 's', spaceSize: '1', settings: { strategy: 'random', budget: 5, seed: 0, estimator: 'toy', objectives: ['max:acc'], constraints: [] } });
}

function writeLock(dir: string, holder: Partial<LockHolder>): void {
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ host: os.hostname(), since: '2026-01-01T00:00:00.000Z', ...holder }));
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

test('a run being written refuses a second writer with who holds it, and is free again once closed', () => {
  const store = newRun();
  assert.ok(fs.existsSync(path.join(store.dir, LOCK_FILE)), 'a new run is locked from the start');
  assert.throws(() => prepareResume(store.dir, 'h1'), (e: Error) => e instanceof RunLockedError && new RegExp(`^${store.dir}: this run is being written by process ${process.pid} on ${os.hostname()} since \\d{4}-.*; wait for it to end or stop it$`).test(e.message));
  assert.throws(() => RunStore.create(path.dirname(store.dir), { ...store.info }), new RegExp(`a run folder with this id already exists, being written by process ${process.pid} on `));
  store.close();
  assert.equal(fs.existsSync(path.join(store.dir, LOCK_FILE)), false);
  const plan = prepareResume(store.dir, 'h1');
  assert.deepEqual(plan.warnings, []);
  plan[Symbol.dispose]();
  assert.equal(fs.existsSync(path.join(store.dir, LOCK_FILE)), false, 'disposing of a plan releases its lock');
});

test('the lock of a process that no longer runs is taken over at once, with a warning naming it', () => {
  const store = newRun();
  store.close();
  const pid = deadPid();
  writeLock(store.dir, { pid });
  const plan = prepareResume(store.dir, 'h1');
  assert.deepEqual(plan.warnings, [`${store.dir}: took over the lock of process ${pid} (since 2026-01-01T00:00:00.000Z), which no longer runs`]);
  assert.equal((JSON.parse(fs.readFileSync(path.join(store.dir, LOCK_FILE), 'utf8')) as LockHolder).pid, process.pid);
  plan.store.close();
});

test('a live process holds its lock; one on another host holds it too, with how to clear it', async () => {
  const store = newRun();
  store.close();
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    await new Promise((r) => child.on('spawn', r));
    writeLock(store.dir, { pid: child.pid });
    assert.throws(() => RunLock.acquire(store.dir), new RegExp(`being written by process ${child.pid} on ${os.hostname()} since`));
    assert.equal(RunLock.holder(store.dir)?.pid, child.pid);
  } finally {
    child.kill('SIGKILL');
  }
  await new Promise((r) => child.on('exit', r));
  assert.equal(RunLock.holder(store.dir), undefined, 'killed: the lock is stale');
  writeLock(store.dir, { pid: deadPid(), host: 'elsewhere' });
  assert.throws(() => RunLock.acquire(store.dir), new RegExp(`process \\d+ on elsewhere since .* \\(another machine: if it no longer runs there, delete ${path.join(store.dir, LOCK_FILE)}\\)`));
});

test('a lock from an earlier boot, from a reused pid, or that is unreadable does not block', { skip: process.platform !== 'linux' && 'boot ids and process start times are read from /proc' }, () => {
  const store = newRun();
  store.close();
  // Our parent runs, but it is not the process that wrote these locks.
  for (const holder of [{ pid: process.ppid, bootId: 'another-boot' }, { pid: process.ppid, processStart: '1' }, { pid: process.pid }]) {
    writeLock(store.dir, holder);
    const lock = RunLock.acquire(store.dir);
    assert.equal(lock.tookOverFrom?.pid, holder.pid, JSON.stringify(holder));
    lock.release();
  }
  for (const damaged of ['{"pi', JSON.stringify({ pid: 0, host: os.hostname(), since: 'x' })]) {
    fs.writeFileSync(path.join(store.dir, LOCK_FILE), damaged);
    RunLock.acquire(store.dir).release();
  }
});

test('folders are made one level at a time, so a path that cannot exist fails at once with the system\'s reason', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-mkdir-'));
  makeFolders(path.join(base, 'a', 'b', 'c'));
  assert.ok(fs.statSync(path.join(base, 'a', 'b', 'c')).isDirectory());
  makeFolders(path.join(base, 'a', 'b'));
  fs.writeFileSync(path.join(base, 'file'), '');
  assert.throws(() => makeFolders(path.join(base, 'file', 'x')), /^Error: ENOTDIR: not a directory, mkdir '.*file\/x'$/);
  // Node 20's recursive mkdir loops forever on this one.
  if (process.platform === 'linux') assert.throws(() => makeFolders('/proc/nas-test/run'), /^Error: ENOENT: no such file or directory, mkdir '\/proc\/nas-test'$/);
});
