// Validators for the shared records (run store, runtime contract) as they cross a process
// boundary. The types themselves are fixed in core/run/types.ts and worker/runtimeTypes.ts;
// the assertions at the bottom make the compiler prove each validator produces exactly them.
import type { CandidateRecord, RunInfo, SearchSettings } from '../core/run/types';
import { STRATEGY_NAMES } from '../core/search/strategyNames';
import type { SearchProgress, SearchRequest, SearchSummary, SpaceDescription } from './runtimeTypes';
import { arr, bool, Infer, int, literal, num, obj, oneOf, opt, record, str, unknownValue, Validator } from './validate';

export const metricsValidator = record(num);

export const searchSettingsValidator = obj({
  strategy: str,
  budget: int,
  seed: int,
  estimator: str,
  objectives: arr(str),
  constraints: arr(str),
  timeLimitSec: opt(num),
  strategyOptions: opt(record(num)),
  estimatorOptions: opt(record(oneOf(num, str))),
});

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
  ended: opt(obj({ at: str, stoppedBy: literal('budget', 'time', 'cancelled', 'exhausted'), evaluated: int })),
});

const keyedMetrics = obj({ key: str, metrics: metricsValidator });

export const searchRequestValidator = obj({
  spaceFile: str,
  settings: searchSettingsValidator,
  outDir: str,
  runId: opt(str),
  resumeRunDir: opt(str),
});

export const searchProgressValidator = obj({ evaluated: int, budget: int, best: opt(keyedMetrics) });

export const searchSummaryValidator = obj({
  runDir: str,
  evaluated: int,
  best: opt(keyedMetrics),
  pareto: arr(keyedMetrics),
  stoppedBy: literal('budget', 'time', 'cancelled', 'exhausted'),
});

const spaceProblemValidator = obj({ message: str, file: str, line: int, column: int });

export const spaceDescriptionValidator = obj({
  file: str,
  name: str,
  size: str,
  decisions: int,
  exportLine: opt(int),
  searchDefaults: opt(
    obj({
      strategy: opt(literal(...STRATEGY_NAMES)),
      budget: opt(int),
      estimator: opt(str),
      objectives: opt(arr(str)),
      constraints: opt(arr(str)),
    }),
  ),
  sample: opt(
    obj({
      key: str,
      values: record(oneOf(oneOf(num, str), bool)),
      layers: arr(obj({ group: str, op: str, shape: arr(num), params: num })),
      params: num,
      flops: num,
    }),
  ),
  problems: arr(spaceProblemValidator),
});

/** One layer of a decoded architecture, as the panel draws it. */
export const layerSummaryValidator = obj({
  id: str,
  op: str,
  group: str,
  inputs: arr(str),
  shape: arr(num),
  params: num,
  macs: num,
  attrs: record(oneOf(oneOf(num, str), bool)),
});
export type LayerSummary = Infer<typeof layerSummaryValidator>;

export const architectureDetailValidator = obj({
  key: str,
  input: arr(num),
  classes: int,
  params: num,
  macs: num,
  layers: arr(layerSummaryValidator),
  values: record(oneOf(oneOf(num, str), bool)),
});
export type ArchitectureDetail = Infer<typeof architectureDetailValidator>;

// Compile-time proof that the validators produce the fixed contract types (both directions).
// Key sets are compared too: mutual assignability alone would let an optional field be missing.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;
type Assert<T extends true> = T;
export type _Checks = [
  Assert<Same<Infer<typeof searchSettingsValidator>, SearchSettings>>,
  Assert<Same<Infer<typeof candidateRecordValidator>, CandidateRecord>>,
  Assert<Same<Infer<typeof runInfoValidator>, RunInfo>>,
  Assert<Same<Infer<typeof searchRequestValidator>, SearchRequest>>,
  Assert<Same<Infer<typeof searchProgressValidator>, SearchProgress>>,
  Assert<Same<Infer<typeof searchSummaryValidator>, SearchSummary>>,
  Assert<Same<Infer<typeof spaceDescriptionValidator>, SpaceDescription>>,
];

export type { Validator };

// The runtime contract's types, re-exported so the extension host imports only protocol/.
export type { SearchProgress, SearchRequest, SearchSummary, SpaceDescription, SpaceProblem } from './runtimeTypes';
