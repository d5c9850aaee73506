// Reads run folders (`.nas/runs/<runId>/run.json` + `candidates.jsonl`) for the tree and the
// panel, asynchronously so a large log never blocks the extension host; the parsing (and its
// validation) is core/run/records.ts, the same the CLI and the worker use. Pure Node (no
// vscode), so it is unit-tested directly.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type CandidateLog, parseCandidateLog, parseRunInfo } from '../core/run/records';
import { CANDIDATES_FILE, RUN_INFO_FILE } from '../core/run/store';
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

/** The run's candidate log; a missing log is an empty one (the run has just started). */
export async function readCandidates(runDir: string): Promise<CandidateLog> {
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

/** Counts records without validating them all (for the tree's run labels). */
async function countCandidateLines(runDir: string): Promise<number> {
  try {
    const buf = await fs.readFile(path.join(runDir, CANDIDATES_FILE));
    let n = 0;
    for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) n++;
    return n;
  } catch {
    return 0;
  }
}

/** Every readable run under `runsDir`, newest first; unreadable folders are reported, not thrown. */
export async function listRuns(runsDir: string, onProblem: (message: string) => void = () => undefined): Promise<RunSummary[]> {
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
      runs.push({ runDir, info, evaluated: await countCandidateLines(runDir) });
    } catch (e) {
      onProblem(`Skipping run folder ${runDir}: ${(e as Error).message}`);
    }
  }
  return sortRunsNewestFirst(runs);
}

export function sortRunsNewestFirst<T extends { info: RunInfo }>(runs: T[]): T[] {
  return [...runs].sort((a, b) => b.info.createdAt.localeCompare(a.info.createdAt) || b.info.runId.localeCompare(a.info.runId));
}
