// Reads run folders (`.nas/runs/<runId>/run.json` + `candidates.jsonl`) for the tree and the
// panel, asynchronously so a large log never blocks the extension host; the parsing (and its
// validation) is core/run/records.ts, the same the CLI and the worker use. Pure Node (no
// vscode), so it is unit-tested directly.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type CandidateLog, parseCandidateLog, parseRunInfo } from '../core/run/records';
import { CANDIDATES_FILE, RUN_INFO_FILE } from '../core/run/store';
import { LatestPredictions, parsePredictedLog, PREDICTED_FILE, PREDICTED_SHOWN } from '../core/run/predictedLog';
import type { RunInfo } from '../core/run/types';

export interface RunSummary {
  runDir: string;
  info: RunInfo;
  /** Complete lines in candidates.jsonl (counted, not parsed). */
  evaluated: number;
}

export async function readRunInfo(runDir: string): Promise<RunInfo> {
  const file = path.join(runDir, RUN_INFO_FILE);
  return parseRunInfo(await fs.readFile(file, 'utf8'), file);
}

/** A run folder's candidate log, read without blocking the host; a missing log is an empty one (the run has just started). */
export async function readRunCandidates(runDir: string): Promise<CandidateLog> {
  const file = path.join(runDir, CANDIDATES_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], warnings: [] };
    throw e;
  }
  return parseCandidateLog(text, file);
}

/** The latest prediction of each candidate a run's strategy predicted (the most recent PREDICTED_SHOWN); none without a predicted.jsonl. */
export async function readRunPredicted(runDir: string): Promise<LatestPredictions> {
  const latest = new LatestPredictions(PREDICTED_SHOWN);
  try {
    latest.add(parsePredictedLog(await fs.readFile(path.join(runDir, PREDICTED_FILE), 'utf8')));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return latest;
}

/**
 * Counts the complete lines of candidates.jsonl files (records, without parsing them), reading
 * only what was appended since the file's last count, so refreshing the tree stays cheap however
 * long the logs grow. It resumes after the last newline it saw, so an unfinished last line (cut
 * off and rewritten on resume) is read again; a file that shrank is counted afresh.
 */
export class LineCounter {
  private readonly counted = new Map<string, { bytes: number; lines: number }>();

  async count(file: string): Promise<number> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch {
      this.counted.delete(file);
      return 0;
    }
    try {
      const { size } = await handle.stat();
      const before = this.counted.get(file);
      // `bytes`: just past the last newline counted.
      let { bytes, lines } = before && before.bytes <= size ? before : { bytes: 0, lines: 0 };
      const buf = Buffer.alloc(Math.min(1 << 20, Math.max(1, size - bytes)));
      for (let pos = bytes; pos < size; ) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, size - pos), pos);
        if (bytesRead === 0) break;
        for (let i = buf.indexOf(0x0a); i !== -1 && i < bytesRead; i = buf.indexOf(0x0a, i + 1)) {
          lines++;
          bytes = pos + i + 1;
        }
        pos += bytesRead;
      }
      this.counted.set(file, { bytes, lines });
      return lines;
    } finally {
      await handle.close();
    }
  }
}

/** Every readable run under `runsDir`, newest first; unreadable folders are reported, not thrown. */
export async function listRuns(runsDir: string, onProblem: (message: string) => void = () => undefined, lines = new LineCounter()): Promise<RunSummary[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(runsDir);
  } catch {
    return [];
  }
  const runs: RunSummary[] = [];
  for (const name of entries) {
    const runDir = path.join(runsDir, name);
    try {
      if (!(await fs.stat(runDir)).isDirectory()) continue;
      const info = await readRunInfo(runDir);
      runs.push({ runDir, info, evaluated: await lines.count(path.join(runDir, CANDIDATES_FILE)) });
    } catch (e) {
      onProblem(`Skipping run folder ${runDir}: ${(e as Error).message}`);
    }
  }
  return sortRunsNewestFirst(runs);
}

export function sortRunsNewestFirst<T extends { info: RunInfo }>(runs: T[]): T[] {
  return [...runs].sort((a, b) => b.info.createdAt.localeCompare(a.info.createdAt) || b.info.runId.localeCompare(a.info.runId));
}
