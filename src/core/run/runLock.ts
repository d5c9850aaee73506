// One writer per run folder: a search or a resume holds `<run>/writer.lock` while it writes, and
// a second writer is refused with who holds it. The file names its holder (pid, host, boot, the
// process's start time); a holder that no longer runs (killed, crashed, machine rebooted) is
// stale and its lock is taken over at once, with no timeout to wait out.
//
// Why not proper-lockfile: it judges staleness by an mtime its holder refreshes on a timer, so a
// SIGKILLed holder blocks a resume until the timeout passes, and a holder whose event loop is busy
// training for longer than the timeout looks stale and loses its lock to a second writer. It also
// keeps no record of who holds the lock.
//
// Limits: a holder on another host (a shared network folder) cannot be checked, so its lock holds
// until it releases it or someone deletes the file; the message says so. Outside Linux a pid the
// system reused for another process keeps a stale lock held (Linux compares start times).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunStoreError } from './records';

export const LOCK_FILE = 'writer.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** When the lock was taken (ISO time). */
  since: string;
  /** Linux: the boot the holder ran in, and its start time in clock ticks since boot. */
  bootId?: string;
  processStart?: string;
}

/** A run folder another process is writing. */
export class RunLockedError extends RunStoreError {}

/** Lock files this process holds: a lock naming our pid but not listed here is a previous process's. */
const heldHere = new Set<string>();

export class RunLock {
  private constructor(
    readonly file: string,
    /** The stale holder whose lock was taken over, if any (worth a warning). */
    readonly tookOverFrom: LockHolder | undefined,
  ) {}

  /** Takes the run folder's lock, or throws a RunLockedError naming the live holder. */
  static acquire(dir: string): RunLock {
    const file = path.resolve(dir, LOCK_FILE);
    let tookOverFrom: LockHolder | undefined;
    for (let attempt = 0; attempt < 100; attempt++) {
      if (createExclusive(file, JSON.stringify(currentHolder()) + '\n')) {
        heldHere.add(file);
        return new RunLock(file, tookOverFrom);
      }
      const holder = readHolder(file);
      if (holder === null) continue; // released meanwhile: try again
      if (holder && isRunning(holder, file)) throw new RunLockedError(`${dir}: this run is being written by ${describeHolder(dir, holder)}; wait for it to end or stop it`);
      const outcome = removeStale(file, holder);
      if (outcome === 'removed') tookOverFrom = holder;
      else if (outcome === 'busy') sleep(10); // another process is taking over the same stale lock
    }
    throw new RunLockedError(`${dir}: could not take the run folder's lock (${file}); try again`);
  }

  /** The live process holding `dir`'s lock, if any. */
  static holder(dir: string): LockHolder | undefined {
    const file = path.resolve(dir, LOCK_FILE);
    const holder = readHolder(file);
    return holder && isRunning(holder, file) ? holder : undefined;
  }

  release(): void {
    if (!heldHere.delete(this.file)) return;
    try {
      fs.unlinkSync(this.file);
    } catch {
      // Already gone (the folder was deleted): nothing to release.
    }
  }
}

/** "process 123 on <host> since <time>", and what to do about it when that is another machine. */
export function describeHolder(dir: string, h: LockHolder): string {
  const fix = h.host === os.hostname() ? '' : ` (another machine: if it no longer runs there, delete ${path.join(dir, LOCK_FILE)})`;
  return `process ${h.pid} on ${h.host} since ${h.since}${fix}`;
}

function currentHolder(): LockHolder {
  const bootId = readProc('/proc/sys/kernel/random/boot_id')?.trim();
  const processStart = procStat(process.pid)?.start;
  return { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), ...(bootId ? { bootId } : {}), ...(processStart ? { processStart } : {}) };
}

/**
 * Creates `file` with `text` only if it does not exist. Written aside and hard-linked in place,
 * so a reader never sees a half-written lock.
 */
function createExclusive(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new RunStoreError(`${path.dirname(file)}: cannot take the run folder's lock (${(err as Error).message})`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The holder named in the lock file; null when there is no lock file, undefined when it is unreadable. */
function readHolder(file: string): LockHolder | null | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RunStoreError(`${file}: cannot read the run folder's lock (${(err as Error).message})`);
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    // A pid of 0 or below would name a process group to process.kill, not a process.
    if (Number.isInteger(h.pid) && (h.pid as number) > 0 && typeof h.host === 'string' && typeof h.since === 'string') return h as LockHolder;
  } catch {
    // Not ours or damaged: nobody can be holding it.
  }
  return undefined;
}

function isRunning(h: LockHolder, file: string): boolean {
  if (h.host !== os.hostname()) return true; // cannot look at another machine's processes
  const bootId = readProc('/proc/sys/kernel/random/boot_id')?.trim();
  if (h.bootId && bootId && h.bootId !== bootId) return false; // the machine restarted since
  if (h.pid === process.pid) return heldHere.has(file);
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const stat = procStat(h.pid);
  if (stat?.state === 'Z') return false; // killed, not yet reaped by its parent
  if (h.processStart && stat && stat.start !== h.processStart) return false; // the pid was reused
  return true;
}

/**
 * Deletes a stale lock, unless it changed since it was read. Only one process at a time does this
 * (under `<lock>.break`), so two resumes finding the same stale lock cannot delete each other's
 * new one.
 */
function removeStale(file: string, seen: LockHolder | undefined): 'removed' | 'changed' | 'busy' {
  const breaker = `${file}.break`;
  try {
    fs.writeFileSync(breaker, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new RunStoreError(`${path.dirname(file)}: cannot take the run folder's lock (${(err as Error).message})`);
    // A breaker lives for microseconds; one older than a few seconds died while breaking.
    if (Date.now() - (fs.statSync(breaker, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 5000) fs.rmSync(breaker, { force: true });
    return 'busy';
  }
  try {
    const now = readHolder(file);
    if (now === null || JSON.stringify(now) !== JSON.stringify(seen)) return 'changed';
    fs.rmSync(file, { force: true });
    return 'removed';
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

function readProc(file: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Linux /proc/<pid>/stat: the state letter and the start time (field 22), after the parenthesised name. */
function procStat(pid: number): { state: string; start: string } | undefined {
  const text = readProc(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], start: fields[19] };
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
