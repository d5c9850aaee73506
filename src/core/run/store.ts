// The run store: one folder per run with run.json (RunInfo) and an append-only candidates.jsonl.
// Each record is one write() of a whole line: once it returns the line is in the kernel, so a
// process killed at any moment (SIGKILL included) loses at most the line being written, and
// readers skip a torn last line with a warning. `durable` adds an fsync per line, which also
// survives power loss but costs milliseconds per candidate.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { newRunId } from './runId';
import type { CandidateRecord, RunEnd, RunInfo } from './types';

export const RUN_INFO_FILE = 'run.json';
export const CANDIDATES_FILE = 'candidates.jsonl';

export class RunStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunStoreError';
  }
}

export interface CandidateLog {
  records: CandidateRecord[];
  /** Lines that could not be read (a torn last line, a corrupt line), one message each. */
  warnings: string[];
}

export class RunStore {
  private fd: number | null = null;
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
    if (fs.existsSync(dir)) throw new RunStoreError(`${dir}: a run folder with this id already exists`);
    fs.mkdirSync(dir, { recursive: true });
    writeFileDurably(path.join(dir, RUN_INFO_FILE), JSON.stringify(full, null, 2) + '\n');
    fs.writeFileSync(path.join(dir, CANDIDATES_FILE), '');
    return new RunStore(dir, full);
  }

  /** Opens an existing run folder for reading and appending. */
  static open(dir: string): RunStore {
    return new RunStore(dir, readRunInfo(dir));
  }

  get candidatesFile(): string {
    return path.join(this.dir, CANDIDATES_FILE);
  }

  read(): CandidateLog {
    return readCandidates(this.candidatesFile);
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

  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
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
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch (err) {
    throw new RunStoreError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const i = info as Partial<RunInfo> | null;
  if (!i || typeof i !== 'object' || typeof i.runId !== 'string' || typeof i.spaceHash !== 'string' || !i.settings || typeof i.settings !== 'object') {
    throw new RunStoreError(`${file}: missing runId, spaceHash or settings`);
  }
  return i as RunInfo;
}

/** Reads candidates.jsonl, skipping (with a warning) lines that are torn or not records. */
export function readCandidates(file: string): CandidateLog {
  const warnings: string[] = [];
  if (!fs.existsSync(file)) return { records: [], warnings: [`${file}: no candidate log yet`] };
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const torn = lines.pop(); // text after the last newline: '' unless the last write was cut short
  const records: CandidateRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const r = parseRecord(line);
    if (r) records.push(r);
    else warnings.push(`${file}:${i + 1}: skipped a line that is not a candidate record`);
  });
  if (torn) warnings.push(`${file}:${lines.length + 1}: skipped a torn last line (${torn.length} bytes; the run was interrupted while writing it)`);
  return { records, warnings };
}

function parseRecord(line: string): CandidateRecord | null {
  try {
    const r = JSON.parse(line) as CandidateRecord;
    if (r && typeof r === 'object' && Number.isInteger(r.index) && typeof r.key === 'string' && Array.isArray(r.encoding) && typeof r.status === 'string' && r.metrics && typeof r.metrics === 'object') {
      return r;
    }
  } catch {
    // falls through: reported by the caller
  }
  return null;
}

export interface RunSummary {
  dir: string;
  info: RunInfo;
  /** Complete lines in the log (a cheap count; no parsing). */
  evaluated: number;
}

/** Run folders directly under `outDir`, newest first; folders that are not runs are ignored. */
export function listRuns(outDir: string): RunSummary[] {
  if (!fs.existsSync(outDir)) return [];
  const out: RunSummary[] = [];
  for (const entry of fs.readdirSync(outDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(outDir, entry.name);
    let info: RunInfo;
    try {
      info = readRunInfo(dir);
    } catch {
      continue;
    }
    out.push({ dir, info, evaluated: countLines(path.join(dir, CANDIDATES_FILE)) });
  }
  return out.sort((a, b) => (a.info.createdAt < b.info.createdAt ? 1 : a.info.createdAt > b.info.createdAt ? -1 : a.info.runId < b.info.runId ? 1 : -1));
}

function countLines(file: string): number {
  try {
    const buf = fs.readFileSync(file);
    let n = 0;
    for (let i = 0; i < buf.length; i++) if (buf[i] === 0x0a) n++;
    return n;
  } catch {
    return 0;
  }
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
