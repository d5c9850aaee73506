// candidates.jsonl as another process wrote it: one CandidateRecord per line, validated like
// any message from outside. A run being written while we read may end in a torn line: that
// line is counted as skipped, never an error.
import type { CandidateRecord } from '../core/run/types';
import { candidateRecordValidator } from './records';
import { check } from './validate';

export interface CandidatesRead {
  records: CandidateRecord[];
  /** Lines that were not valid records (a torn last line while the run writes, or damage). */
  skipped: number;
}

export function parseCandidateLines(text: string): CandidatesRead {
  const records: CandidateRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const r = check(candidateRecordValidator, json, 'candidate');
    if (r.ok) records.push(r.value);
    else skipped++;
  }
  return { records, skipped };
}
