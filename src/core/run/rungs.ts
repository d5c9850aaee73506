// A multi-fidelity run records a candidate once per fidelity level it was evaluated at (one
// record per rung), so its key repeats. Readers that want one record per candidate (summaries,
// the best, the front, the tree's and panel's lists) take its record at the highest level, the
// later one on a tie: a promoted candidate's latest, most accurate result. Records without a
// fidelity (every ordinary run) are each their key's only record, so this changes nothing there.
import { evaluationId } from '../estimate/fidelity';
import type { CandidateRecord } from './types';

/** Each candidate's record at its highest fidelity level, in the order of those records' indices. */
export function finalRecords(records: readonly CandidateRecord[]): CandidateRecord[] {
  const byKey = new Map<string, CandidateRecord>();
  for (const r of records) {
    const kept = byKey.get(r.key);
    if (!kept || (r.fidelity?.rung ?? 0) >= (kept.fidelity?.rung ?? 0)) byKey.set(r.key, r);
  }
  return [...byKey.values()].sort((a, b) => a.index - b.index);
}

/** A record's evaluation id: what is recorded once per run (the key, or key@level with a fidelity). */
export function recordId(r: { key: string; fidelity?: CandidateRecord['fidelity'] }): string {
  return evaluationId(r.key, r.fidelity);
}
