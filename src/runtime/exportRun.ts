// `nas export` and the editor's Export Candidate: find the candidate in a run (by `#index` or key),
// read the run's space from its copy, choose the weights, and write the export
// (train/exportCandidate.ts). TensorFlow.js loads only here, when a model is exported.
import * as path from 'node:path';
import { parseEstimator } from '../core/estimate/estimators/index';
import { CANDIDATES_FILE, readCandidateLogFile, readRunInfo } from '../core/run/store';
import type { CandidateRecord, RunInfo } from '../core/run/types';
import type { CompiledSearchSpace } from '../core/space/space';
import type { TrainingStep } from '../train/trainCandidate';
import type { ExportResult } from '../train/exportCandidate';
import type { ProxySettings } from '../train/proxySettings';
import { loadRunSpace } from './spaceCopy';

/** Which weights to export: the scored ones, trained now (with these `--train` settings over the run's), or untrained. */
export type ExportWeights = { kind: 'scored' } | { kind: 'train'; overrides: Record<string, string | number> } | { kind: 'untrained' };

export interface ExportRunRequest {
  runDir: string;
  /** `#12` (the candidate's index) or its key. */
  candidate: string;
  outDir: string;
  weights: ExportWeights;
  signal?: AbortSignal;
  onStep?: (step: TrainingStep) => void;
}

export interface RunExportResult extends ExportResult {
  index: number;
  key: string;
  outDir: string;
}

export async function exportRunCandidate(req: ExportRunRequest): Promise<RunExportResult> {
  const runDir = path.resolve(req.runDir);
  const info = readRunInfo(runDir);
  const record = findCandidate(runDir, req.candidate);
  const loaded = await loadRunSpace(runDir, info);
  try {
    const problem = loaded.space.check({ encoding: record.encoding });
    if (problem) throw new Error(`candidate ${record.key} is not in the space ${loaded.space.name}: ${problem}`);
    const [{ exportCandidate }, { parseProxySettings }] = await Promise.all([import('../train/exportCandidate'), import('../train/proxySettings')]);
    const w = req.weights;
    const weights =
      w.kind === 'scored' ? w
      : w.kind === 'untrained' ? { kind: 'untrained' as const, seed: info.settings.seed }
      : { kind: 'train' as const, settings: parseProxySettings({ ...runTrainingSettings(info, loaded.space), ...w.overrides }) };
    const result = await exportCandidate({ space: loaded.space, record, runDir, runId: info.runId, outDir: path.resolve(req.outDir), weights, signal: req.signal, onStep: req.onStep });
    return { ...result, index: record.index, key: record.key, outDir: path.resolve(req.outDir) };
  } finally {
    loaded.release();
  }
}

/**
 * What "train now" starts from: a proxy run's own settings (its data, subset, schedule), else the
 * space file's `train` block over the proxy's defaults; both with the run's seed. One training:
 * repeats, threads and the latency measurement do not apply.
 */
function runTrainingSettings(info: RunInfo, space: CompiledSearchSpace): Partial<ProxySettings> {
  const proxyRun = parseEstimator(info.settings.estimator).name === 'proxy';
  const own = proxyRun ? (info.settings.estimatorOptions as Partial<ProxySettings> | undefined) : undefined;
  return { seed: info.settings.seed, ...space.definition.train, ...own, repeats: 1, latency: 0, keepWeights: 0 };
}

/** The candidate `which` names: `#12` (its index, as the tree and panel show it) or its key. */
export function findCandidate(runDir: string, which: string): CandidateRecord {
  const log = path.join(runDir, CANDIDATES_FILE);
  const { records } = readCandidateLogFile(log);
  const byIndex = /^#?(\d+)$/.exec(which);
  const record = records.find((r) => r.key === which) ?? (byIndex ? records.find((r) => r.index === Number(byIndex[1])) : undefined);
  if (!record) throw new Error(`no candidate ${byIndex ? `#${byIndex[1]}` : `with key '${which}'`} in ${log} (${records.length} candidates${records.length ? `, #${records[0].index} to #${records[records.length - 1].index}` : ''})`);
  return record;
}
