// Validators for the runtime contract (protocol/runtimeTypes.ts) as it crosses a process
// boundary; the run folder's own records are validated in core/run/records.ts. The assertions
// at the bottom make the compiler prove each validator produces exactly the contract's types.
import { metricsValidator, searchSettingsValidator, stopReasonValidator } from '../core/run/records';
import type { SearchProgress, SearchRequest, SearchSummary, SpaceDescription, TrainingProgress } from './runtimeTypes';
import type { ArchitectureDrawing } from '../core/space/architectureDrawing';
import { arr, type Assert, bool, Infer, int, literal, num, obj, oneOf, opt, record, type Same, str, Validator } from '../core/validate';

const keyedMetrics = obj({ key: str, metrics: metricsValidator });

export const searchRequestValidator = obj({
  spaceFile: str,
  settings: searchSettingsValidator,
  outDir: str,
  runId: opt(str),
  resumeRunDir: opt(str),
  queueUrl: opt(str),
});

export const searchProgressValidator = obj({ evaluated: int, budget: int, best: opt(keyedMetrics), elapsedSec: opt(num), etaSec: opt(num) });

/** A loss curve is one number per batch; this bounds what a malformed sender can make the host hold. */
const MAX_LOSS_POINTS = 100_000;

export const trainingProgressValidator = obj({
  key: str,
  repeat: int,
  repeats: int,
  epoch: int,
  epochs: int,
  batch: int,
  batches: int,
  loss: num,
  lossCurve: arr(num, MAX_LOSS_POINTS),
  elapsedMs: num,
  fraction: opt(num),
  etaSec: opt(num),
});

export const searchSummaryValidator = obj({
  runDir: str,
  evaluated: int,
  best: opt(keyedMetrics),
  pareto: arr(keyedMetrics),
  stoppedBy: stopReasonValidator,
  cheapScored: opt(int),
});

const spaceProblemValidator = obj({ message: str, file: str, line: int, column: int });

export const spaceDescriptionValidator = obj({
  file: str,
  name: str,
  size: str,
  decisions: int,
  degenerate: opt(str),
  exportLine: opt(int),
  searchDefaults: opt(
    obj({
      strategy: opt(str),
      budget: opt(int),
      estimator: opt(str),
      objectives: opt(arr(str)),
      constraints: opt(arr(str)),
      cheap: opt(arr(str)),
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

/** Some nodes' share of a device's predicted latency (core/space/architectureDrawing.ts PartLatency). */
const partLatencyValidator = obj({ device: str, ms: num, share: num, missing: int, fused: opt(str) });
const latency = opt(arr(partLatencyValidator));

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
  latency,
});

const partCost = { shapes: arr(arr(num)), params: num, macs: num, latency };
const costValidator = obj(partCost);

/** The architecture as the panel draws it (core/space/architectureDrawing.ts). */
export const architectureDrawingValidator = obj({
  summary: arr(obj({ text: str, ...partCost })),
  cells: arr(
    obj({
      cell: str,
      copies: int,
      nodes: arr(obj({ id: str, label: str, role: literal('input', 'node', 'output'), cost: costValidator })),
      edges: arr(obj({ from: str, to: str, op: str, dead: bool, cost: costValidator })),
    }),
  ),
  devices: opt(arr(obj({ device: str, totalMs: opt(num), unavailable: opt(str), missing: int }))),
});

export const architectureDetailValidator = obj({
  key: str,
  input: arr(num),
  classes: int,
  params: num,
  macs: num,
  layers: arr(layerSummaryValidator),
  values: record(oneOf(oneOf(num, str), bool)),
  drawing: architectureDrawingValidator,
});
export type ArchitectureDetail = Infer<typeof architectureDetailValidator>;

export type _Checks = [
  Assert<Same<Infer<typeof searchRequestValidator>, SearchRequest>>,
  Assert<Same<Infer<typeof searchProgressValidator>, SearchProgress>>,
  Assert<Same<Infer<typeof trainingProgressValidator>, TrainingProgress>>,
  Assert<Same<Infer<typeof searchSummaryValidator>, SearchSummary>>,
  Assert<Same<Infer<typeof spaceDescriptionValidator>, SpaceDescription>>,
  Assert<Same<Infer<typeof architectureDrawingValidator>, ArchitectureDrawing>>,
];

export type { Validator };

// The runtime contract's types, re-exported so the extension host imports only protocol/.
export type { SearchProgress, SearchRequest, SearchSummary, SpaceDescription, SpaceProblem } from './runtimeTypes';
