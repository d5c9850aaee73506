// The metric catalog: for every metric a search can see, which way is better, its unit, what it
// is and what it costs to get. Written into run.json, so the panel, the tree and the CLI read a
// finished run the same way without the estimator that made it.

export type Direction = 'max' | 'min';

/** free: computed from the decoded graph; cheap: milliseconds (a lookup, a timing); expensive: training. */
export type CostClass = 'free' | 'cheap' | 'expensive';

export interface MetricInfo {
  name: string;
  direction: Direction;
  /** e.g. 'ms', 'fraction', 'parameters'; '' when the estimator cannot know (a table's column). */
  unit: string;
  description: string;
  cost: CostClass;
}

/**
 * The analytic costs the cost gate adds to every estimator's metrics when candidates are decoded
 * (hardware/costGate.ts computes them).
 */
export type AnalyticMetricName = 'params' | 'flops' | 'activation_kb' | 'weights_f32_kb' | 'weights_int8_kb' | 'train_mem_mb';

/** The batch size the training-memory estimate assumes (the proxy's default). */
export const TRAIN_MEMORY_BATCH = 64;

export const ANALYTIC_METRICS: readonly (MetricInfo & { name: AnalyticMetricName })[] = [
  { name: 'params', direction: 'min', unit: 'parameters', description: 'parameters of the architecture, from the decoded graph; batch-norm moving means and variances included (a table counts trainable ones only)', cost: 'free' },
  { name: 'flops', direction: 'min', unit: 'FLOPs', description: 'floating-point operations of one inference (2 x multiply-adds)', cost: 'free' },
  { name: 'activation_kb', direction: 'min', unit: 'KiB', description: 'peak activation memory of batch-1 float32 inference', cost: 'free' },
  { name: 'weights_f32_kb', direction: 'min', unit: 'KiB', description: 'size of the weights stored as float32 (4 bytes per parameter)', cost: 'free' },
  { name: 'weights_int8_kb', direction: 'min', unit: 'KiB', description: 'size of the weights quantised to int8 (1 byte per parameter)', cost: 'free' },
  { name: 'train_mem_mb', direction: 'min', unit: 'MiB', description: `estimated float32 memory to train at batch ${TRAIN_MEMORY_BATCH} (weights, gradients, Adam moments, kept activations)`, cost: 'free' },
];

/** The metric of a device's predicted latency: `latency_ms@pi4`. */
export function deviceLatencyMetric(device: string): string {
  return `latency_ms@${device}`;
}

/** The device a `latency_ms@<device>` metric is for; undefined for other names. */
export function metricDevice(name: string): string | undefined {
  return /^latency_ms@(.+)$/.exec(name)?.[1];
}

/** The catalog entry of a `latency_ms@<device>` metric; undefined for other names. */
export function describeDeviceMetric(name: string): MetricInfo | undefined {
  const device = metricDevice(name);
  return device !== undefined ? { name, direction: 'min', unit: 'ms', description: `batch-1 latency on device ${device}, predicted from its profile`, cost: 'cheap' } : undefined;
}

export const ANALYTIC_METRIC_NAMES: readonly string[] = ANALYTIC_METRICS.map((m) => m.name);

/**
 * The naming convention for a metric nothing describes (a table's column, a run recorded before
 * catalogs): costs are better small, anything else (accuracy...) better large.
 */
const COST_WORDS = ['lat', 'energy', 'flops', 'macs', 'params', 'mem', 'size', 'time', 'loss', 'err'];

export const NAMING_CONVENTION = `min when the name contains ${COST_WORDS.slice(0, -1).join(', ')} or ${COST_WORDS[COST_WORDS.length - 1]}, else max`;

export function directionByName(name: string): Direction {
  const lower = name.toLowerCase();
  return COST_WORDS.some((w) => lower.includes(w)) ? 'min' : 'max';
}

const UNIT_SUFFIXES: readonly [string, string][] = [['_ms', 'ms'], ['_s', 's'], ['_kb', 'KiB'], ['_mb', 'MiB'], ['_pct', '%']];

export const UNIT_CONVENTION = `from a name suffix: ${UNIT_SUFFIXES.map(([s, u]) => `${s} ${u}`).join(', ')}`;

export function unitByName(name: string): string {
  const lower = name.toLowerCase();
  return UNIT_SUFFIXES.find(([suffix]) => lower.endsWith(suffix))?.[1] ?? '';
}

/** Units a table's field text may name ("Pixel 3 latency ms", "test acc %, 200 epochs"), first one found. */
const TEXT_UNITS = ['ms', 'mJ', '%', 'MFLOPs', 'KiB', 'MiB', 's'];

export function unitInText(text: string): string {
  const m = new RegExp(`(?:^|\\s)(${TEXT_UNITS.join('|')})(?=[\\s,;.)]|$)`).exec(text);
  return m ? m[1] : '';
}

/** The catalog entry of `metric`; undefined when the catalog lacks it or there is none (an older run). */
export function findMetric(catalog: readonly MetricInfo[] | undefined, metric: string): MetricInfo | undefined {
  return catalog?.find((m) => m.name === metric);
}
