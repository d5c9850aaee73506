// A multi-fidelity run records a candidate once per fidelity level it was evaluated at (one
// record per rung), so its key repeats. Readers that want one record per candidate (summaries,
// the best, the front, the tree's and panel's lists) take its record at the highest level, the
// later one on a tie: a promoted candidate's latest, most accurate result. Records without a
// fidelity (every ordinary run) are each their key's only record, so this changes nothing there.
import { evaluationId, type FidelityLevel } from '../estimate/fidelity';
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

/** "rung 2 · epochs 3": the level a record was measured at, as the tree and the panel show it (rungs counted from 1 for people). */
export function rungLabel(f: FidelityLevel): string {
  return `rung ${f.rung + 1} · ${f.setting} ${f.value}`;
}

/** One candidate's records of a multi-fidelity run, one per rung, lowest first: its curve across rungs (empty for a record without a fidelity). */
export function rungHistory(records: readonly CandidateRecord[], key: string): CandidateRecord[] {
  return records.filter((r) => r.key === key && r.fidelity).sort((a, b) => a.fidelity!.rung - b.fidelity!.rung || a.index - b.index);
}

/** "epochs 1: 0.61 → 3: 0.72 → 9: 0.80": a metric along a candidate's rungs (as rungHistory gives them), '–' where a rung has no value. */
export function rungCurveText(history: readonly CandidateRecord[], metric: string, format: (v: number) => string): string {
  if (history.length === 0) return '';
  const steps = history.map((r) => `${r.fidelity!.value}: ${Number.isFinite(r.metrics[metric]) ? format(r.metrics[metric]) : '–'}`);
  return `${history[0].fidelity!.setting} ${steps.join(' → ')}`;
}
