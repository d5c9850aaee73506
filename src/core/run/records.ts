// The run folder's two files as text: validators for run.json and for each line of
// candidates.jsonl, and the parsers every reader uses (the CLI and worker read synchronously,
// the extension host asynchronously; the parsing is this one). The assertions at the bottom make
// the compiler prove each validator produces exactly the types of ./types.
import { arr, type Assert, bool, check, type Infer, int, literal, num, obj, oneOf, opt, parseJsonLine, record, type Same, str, unknownValue } from '../validate';
import type { MetricInfo } from '../estimate/catalog';
import { type CandidateRecord, type RunInfo, type SearchSettings, STOP_REASONS } from './types';

export const metricsValidator = record(num);

export const searchSettingsValidator = obj({
  strategy: str,
  budget: int,
  seed: int,
  estimator: str,
  objectives: arr(str),
  constraints: arr(str),
  timeLimitSec: opt(num),
  cheap: opt(arr(str)),
  parallel: opt(int),
  queue: opt(str),
  strategyOptions: opt(record(oneOf(num, str))),
  estimatorOptions: opt(record(oneOf(num, str))),
  skipDegenerate: opt(bool),
  devices: opt(arr(str)),
});

export const metricInfoValidator = obj({
  name: str,
  direction: literal('max', 'min'),
  unit: str,
  description: str,
  cost: literal('free', 'cheap', 'expensive'),
});

export const fidelityLevelValidator = obj({ setting: str, value: num, rung: int });

export const stopReasonValidator = literal(...STOP_REASONS);

export const candidateRecordValidator = obj({
  index: int,
  key: str,
  encoding: arr(int),
  status: literal('ok', 'failed', 'rejected'),
  metrics: metricsValidator,
  error: opt(str),
  backend: opt(str),
  startedAt: num,
  durationMs: num,
  strategyState: opt(unknownValue),
  feasible: opt(bool),
  details: opt(record(unknownValue)),
  inFlight: opt(arr(obj({ key: str, encoding: arr(int), fidelity: opt(fidelityLevelValidator) }))),
  fidelity: opt(fidelityLevelValidator),
  degenerate: opt(bool),
});

export const runInfoValidator = obj({
  runId: str,
  createdAt: str,
  toolVersion: str,
  spaceFile: str,
  spaceHash: str,
  spaceName: str,
  spaceSize: str,
  settings: searchSettingsValidator,
  catalog: opt(arr(metricInfoValidator)),
  ended: opt(obj({ at: str, stoppedBy: stopReasonValidator, evaluated: int })),
});

export class RunStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunStoreError';
  }
}

/** run.json's text, checked field by field; errors name the file and the field. */
export function parseRunInfo(text: string, file: string): RunInfo {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new RunStoreError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const info = check(runInfoValidator, json, 'run.json');
  if (!info.ok) throw new RunStoreError(`${file}: ${info.error}`);
  return info.value;
}

export interface CandidateLog {
  records: CandidateRecord[];
  /** Lines that could not be read (a torn last line, a corrupt line), one message each. */
  warnings: string[];
}

/**
 * candidates.jsonl's text. Every record is written as one whole line, so text after the last
 * newline is a line cut short (a run killed or still writing): skipped with a warning, like a
 * line that is not a valid record; never an error.
 */
export function parseCandidateLog(text: string, file: string): CandidateLog {
  const lines = text.split('\n');
  const torn = lines.pop();
  const records: CandidateRecord[] = [];
  const warnings: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const r = parseLine(line);
    if (r) records.push(r);
    else warnings.push(`${file}:${i + 1}: skipped a line that is not a candidate record`);
  });
  if (torn) warnings.push(`${file}:${lines.length + 1}: skipped a torn last line (${torn.length} bytes; the run was interrupted or is still writing it)`);
  return { records, warnings };
}

function parseLine(line: string): CandidateRecord | undefined {
  return parseJsonLine(candidateRecordValidator, line, 'candidate');
}

// Compile-time proof that the validators produce exactly the types of ./types.
export type _Checks = [
  Assert<Same<Infer<typeof searchSettingsValidator>, SearchSettings>>,
  Assert<Same<Infer<typeof candidateRecordValidator>, CandidateRecord>>,
  Assert<Same<Infer<typeof runInfoValidator>, RunInfo>>,
  Assert<Same<Infer<typeof metricInfoValidator>, MetricInfo>>,
];
