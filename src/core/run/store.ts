// The run store: one folder per run with run.json (RunInfo) and an append-only candidates.jsonl.
// Each record is one write() of a whole line: once it returns the line is in the kernel, so a
// process killed at any moment (SIGKILL included) loses at most the line being written, and
// readers skip a torn last line with a warning. `durable` adds an fsync per line, which also
// survives power loss but costs milliseconds per candidate. A store that writes holds the run
// folder's lock (runLock.ts) until close(), so a folder has one writer at a time.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeFolders } from './makeFolders';
import { type CandidateLog, parseCandidateLog, parseRunInfo, RunStoreError } from './records';
import { describeHolder, type LockHolder, RunLock, RunLockedError } from './runLock';
import { newRunId } from './runId';
import type { CheapRecord } from '../estimate/cheap';
import { PREDICTED_FILE, type PredictedRecord } from './predictedLog';
import type { CandidateRecord, RunEnd, RunInfo } from './types';

export { RunStoreError, type CandidateLog };

export const RUN_INFO_FILE = 'run.json';
export const CANDIDATES_FILE = 'candidates.jsonl';
/** Candidates only scored by the cheap estimators (--cheap): one CheapRecord a line. */
export const CHEAP_FILE = 'cheap.jsonl';

export class RunStore {
  private fd: number | null = null;
  private cheapFd: number | null = null;
  private predictedFd: number | null = null;
  private lock: RunLock | undefined;
  /** fsync after every line (survives power loss, not only a killed process). */
  durable = false;

  private constructor(
    readonly dir: string,
    readonly info: RunInfo,
  ) {}

  /** Creates `<outDir>/<run-id>/` with its run.json and an empty log. */
  static create(outDir: string, info: Omit<RunInfo, 'runId' | 'createdAt'> & Partial<Pick<RunInfo, 'runId' | 'createdAt'>>): RunStore {
    const runId = info.runId ?? newRunId();
    const full: RunInfo = { ...info, runId, createdAt: info.createdAt ?? new Date().toISOString() };
    const dir = path.join(outDir, runId);
    if (fs.existsSync(dir)) {
      const holder = RunLock.holder(dir);
      const exists = `${dir}: a run folder with this id already exists`;
      throw holder ? new RunLockedError(`${exists}, being written by ${describeHolder(dir, holder)}`) : new RunStoreError(exists);
    }
    try {
      makeFolders(dir);
    } catch (err) {
      throw new RunStoreError(`${dir}: cannot create the run folder (${err instanceof Error ? err.message : String(err)})`);
    }
    const store = new RunStore(dir, full);
    store.takeLock();
    try {
      writeFileDurably(path.join(dir, RUN_INFO_FILE), JSON.stringify(full, null, 2) + '\n');
      fs.writeFileSync(path.join(dir, CANDIDATES_FILE), '');
    } catch (err) {
      store.close();
      throw err;
    }
    return store;
  }

  /** Opens an existing run folder for reading; takeLock() before writing to it. */
  static open(dir: string): RunStore {
    return new RunStore(dir, readRunInfo(dir));
  }

  /**
   * Makes this store the folder's one writer until close(); throws a RunLockedError when another
   * live process writes it. Returns the holder of a stale lock it took over (a killed process).
   */
  takeLock(): LockHolder | undefined {
    this.lock ??= RunLock.acquire(this.dir);
    return this.lock.tookOverFrom;
  }

  get candidatesFile(): string {
    return path.join(this.dir, CANDIDATES_FILE);
  }

  read(): CandidateLog {
    return readCandidateLogFile(this.candidatesFile);
  }

  /**
   * Cuts a torn last line off the log so the next append starts on a line of its own. Returns
   * the number of bytes removed.
   */
  repairTail(): number {
    const file = this.candidatesFile;
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, '');
      return 0;
    }
    const buf = fs.readFileSync(file);
    if (buf.length === 0 || buf[buf.length - 1] === 0x0a) return 0;
    const keep = buf.lastIndexOf(0x0a) + 1;
    fs.truncateSync(file, keep);
    return buf.length - keep;
  }

  /** Records in run.json how the run ended (or, with undefined, that it is running again). */
  markEnded(ended: RunEnd | undefined): void {
    if (ended) this.info.ended = ended;
    else delete this.info.ended;
    writeFileDurably(path.join(this.dir, RUN_INFO_FILE), JSON.stringify(this.info, null, 2) + '\n');
  }

  append(record: CandidateRecord): void {
    if (this.fd === null) this.fd = fs.openSync(this.candidatesFile, 'a');
    fs.writeSync(this.fd, JSON.stringify(record) + '\n');
    if (this.durable) fs.fsyncSync(this.fd);
  }

  /** A candidate scored by the cheap estimators (not evaluated), in cheap.jsonl beside the candidates. */
  appendCheap(record: CheapRecord): void {
    if (this.cheapFd === null) this.cheapFd = fs.openSync(path.join(this.dir, CHEAP_FILE), 'a');
    // Not fsynced: cheap scores are recomputed on resume, the log only records what was done.
    fs.writeSync(this.cheapFd, JSON.stringify(record) + '\n');
  }

  /** What a strategy's predictor said about candidates it ranked, in predicted.jsonl (predictedLog.ts). */
  appendPredicted(records: readonly PredictedRecord[]): void {
    if (records.length === 0) return;
    if (this.predictedFd === null) this.predictedFd = fs.openSync(path.join(this.dir, PREDICTED_FILE), 'a');
    // One write for the batch; not fsynced: a search never reads it back.
    fs.writeSync(this.predictedFd, records.map((r) => JSON.stringify(r) + '\n').join(''));
  }

  /** Closes the log and releases the folder's lock; safe to call twice. */
  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
    if (this.cheapFd !== null) {
      fs.closeSync(this.cheapFd);
      this.cheapFd = null;
    }
    if (this.predictedFd !== null) {
      fs.closeSync(this.predictedFd);
      this.predictedFd = null;
    }
    this.lock?.release();
    this.lock = undefined;
  }
}

export function readRunInfo(dir: string): RunInfo {
  const file = path.join(dir, RUN_INFO_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new RunStoreError(`${dir}: not a run folder (no readable ${RUN_INFO_FILE})`);
  }
  return parseRunInfo(text, file);
}

/** Reads candidates.jsonl, skipping (with a warning) lines that are torn or not records. */
export function readCandidateLogFile(file: string): CandidateLog {
  if (!fs.existsSync(file)) return { records: [], warnings: [`${file}: no candidate log yet`] };
  return parseCandidateLog(fs.readFileSync(file, 'utf8'), file);
}

function writeFileDurably(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
