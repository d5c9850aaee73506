// Reads run folders (`.nas/runs/<runId>/run.json` + `candidates.jsonl`) for the tree and the
// panel. Pure Node (no vscode), so it is unit-tested directly. A run being written while we
// read may end in a torn line: that line is skipped, never an error.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { RunInfo } from '../core/run/types';
import { CandidatesRead, parseCandidateLines } from '../protocol/candidateLines';
import { runInfoValidator } from '../protocol/records';
import { check } from '../protocol/validate';

export type { CandidatesRead };

export interface RunSummary {
  runDir: string;
  info: RunInfo;
  /** Lines in candidates.jsonl that parsed. */
  evaluated: number;
}

export async function readRunInfo(runDir: string): Promise<RunInfo> {
  const file = path.join(runDir, 'run.json');
  const text = await fs.readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const info = check(runInfoValidator, json, 'run.json');
  if (!info.ok) throw new Error(`${file}: ${info.error}`);
  return info.value;
}

export async function readCandidates(runDir: string): Promise<CandidatesRead> {
  let text: string;
  try {
    text = await fs.readFile(path.join(runDir, 'candidates.jsonl'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
    throw e;
  }
  return parseCandidateLines(text);
}

/** Counts records without validating them all (for the tree's run labels). */
export async function countCandidateLines(runDir: string): Promise<number> {
  try {
    const text = await fs.readFile(path.join(runDir, 'candidates.jsonl'), 'utf8');
    let n = 0;
    for (const line of text.split('\n')) if (line.trim().endsWith('}')) n++;
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
