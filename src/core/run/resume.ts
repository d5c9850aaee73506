// Resuming a run: check that the space is the one the run was written with, take the run
// folder's lock (a second writer is refused), read what was evaluated, repair a torn tail, and
// work out what is left of the budget. The caller then builds the strategy from the run's
// settings, calls `strategy.restore(plan.records, plan.strategyState, plan.inFlight)` and has the
// loop re-issue `plan.inFlight` before anything new. Disposing of the plan (`using`, or
// plan.store.close()) releases the lock, also when the caller gives up before searching.

import type { Proposal } from '../search/strategy';
import { recordId } from './rungs';
import { type CandidateLog, RunStore, RunStoreError } from './store';
import type { CandidateRecord, RunInfo } from './types';

export interface ResumePlan extends Disposable {
  store: RunStore;
  info: RunInfo;
  /** Evaluated candidates in index order (each key once; with a fidelity, each key and level once: core/run/rungs.ts). */
  records: CandidateRecord[];
  /** One line per skipped log line (torn tail, corrupt line). */
  warnings: string[];
  /** Evaluations left of the run's budget. */
  remaining: number;
  /** The strategy state written with the last record (undefined for an empty log). */
  strategyState: unknown;
  /**
   * Candidates the strategy had proposed, not recorded when the run stopped (the last record's
   * in-flight list, less any recorded after all), in the order proposed.
   */
  inFlight: Proposal[];
}

export function prepareResume(runDir: string, spaceHash: string): ResumePlan {
  const store = RunStore.open(runDir);
  const info = store.info;
  if (info.spaceHash !== spaceHash) {
    throw new RunStoreError(
      `${runDir}: this run was written with a different space file (${info.spaceFile}, hash ${info.spaceHash.slice(0, 12)}, now ${spaceHash.slice(0, 12)}); start a new run instead of resuming`,
    );
  }
  const stale = store.takeLock();
  let log: CandidateLog;
  try {
    log = store.read();
    store.repairTail();
  } catch (err) {
    store.close();
    throw err;
  }
  const seen = new Set<string>();
  const records: CandidateRecord[] = [];
  const warnings = stale ? [`${runDir}: took over the lock of process ${stale.pid} (since ${stale.since}), which no longer runs`] : [];
  warnings.push(...log.warnings);
  for (const r of [...log.records].sort((a, b) => a.index - b.index)) {
    const id = recordId(r);
    if (seen.has(id)) {
      warnings.push(`${store.candidatesFile}: candidate ${r.index} repeats key ${r.key}${r.fidelity ? ` at ${r.fidelity.setting} ${r.fidelity.value}` : ''}; kept the first`);
      continue;
    }
    seen.add(id);
    records.push(r);
  }
  records.forEach((r, i) => {
    if (r.index !== i) warnings.push(`${store.candidatesFile}: expected candidate index ${i}, found ${r.index}`);
  });
  const budget = info.settings.budget;
  const last = records.at(-1);
  const inFlight = (last?.inFlight ?? []).filter((c) => !seen.has(recordId(c))).map((c) => ({ key: c.key, arch: { encoding: c.encoding }, ...(c.fidelity ? { fidelity: c.fidelity } : {}) }));
  return {
    store,
    info,
    records,
    warnings,
    remaining: Math.max(0, budget - records.length),
    strategyState: last?.strategyState,
    inFlight,
    [Symbol.dispose]: () => store.close(),
  };
}
