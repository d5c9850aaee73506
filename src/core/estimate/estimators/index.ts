// The estimators by name: what the CLI's help and errors, `nas estimators`, the editor's quick
// pick and its checks, and the runtime's factories (src/runtime/estimators.ts) all read. Adding
// an estimator: its descriptor file here, one line below, its factory in the runtime.
import { ANALYTIC_METRICS, describeDeviceMetric, directionByName, type Direction, type MetricInfo } from '../catalog';
import type { EstimatorDescriptor } from '../descriptor';
import { applySettings, type SettingValue } from '../settings';
import { PREDICTOR } from './predictor';
import { PROXY } from './proxy';
import { TABLE } from './table';
import { ZERO_COST } from './zeroCost';

export const ESTIMATORS = {
  table: TABLE,
  proxy: PROXY,
  zc: ZERO_COST,
  predictor: PREDICTOR,
} as const satisfies Record<string, EstimatorDescriptor>;

export type EstimatorName = keyof typeof ESTIMATORS;

export const ESTIMATOR_NAMES = Object.keys(ESTIMATORS) as EstimatorName[];

/** How the estimator is written: `proxy`, `table:<file.json>`. */
export function estimatorUsage(name: EstimatorName): string {
  const argument = ESTIMATORS[name].argument;
  if (!argument) return name;
  return argument.optional ? `${name}[:${argument.placeholder}]` : `${name}:${argument.placeholder}`;
}

/** "table:<file.json> or proxy", for errors. */
export function estimatorUsages(): string {
  const all = ESTIMATOR_NAMES.map(estimatorUsage);
  return all.length > 1 ? `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}` : all.join('');
}

/** A bad estimator name or setting; one line. */
export class EstimatorSpecError extends Error {}

export interface ParsedEstimator {
  name: EstimatorName;
  descriptor: EstimatorDescriptor;
  /** What follows the colon of a pattern (the table's file). */
  argument?: string;
}

/** `proxy` or `table:nb201.json` read against the registry; throws an EstimatorSpecError. */
export function parseEstimator(text: string): ParsedEstimator {
  const spec = text.trim();
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  if (!Object.prototype.hasOwnProperty.call(ESTIMATORS, name)) throw new EstimatorSpecError(`unknown estimator '${text}': expected ${estimatorUsages()}`);
  const known = name as EstimatorName;
  const descriptor: EstimatorDescriptor = ESTIMATORS[known];
  const argument = colon < 0 ? undefined : spec.slice(colon + 1).trim();
  const wanted = descriptor.argument;
  if (!wanted) {
    if (argument !== undefined) throw new EstimatorSpecError(`estimator ${name} takes no argument, got '${text}'`);
    return { name: known, descriptor };
  }
  if (!argument && wanted.optional) return { name: known, descriptor };
  if (!argument) throw new EstimatorSpecError(`estimator ${estimatorUsage(known)} needs its ${wanted.placeholder}, e.g. ${name}:${wanted.example}`);
  const extensions = wanted.file?.extensions;
  if (extensions && !wanted.file?.builtin?.includes(argument) && !extensions.some((e) => argument.toLowerCase().endsWith(`.${e}`))) {
    throw new EstimatorSpecError(`estimator ${estimatorUsage(known)} needs a ${extensions.map((e) => `.${e}`).join(' or ')} file, got '${argument}'`);
  }
  return { name: known, descriptor, argument };
}

/** The spec with a relative file argument resolved by `resolve` (a run records absolute paths); other specs unchanged. */
export function resolveEstimatorFile(text: string, resolve: (file: string) => string): string {
  let parsed: ParsedEstimator;
  try {
    parsed = parseEstimator(text);
  } catch {
    return text.trim();
  }
  const file = parsed.descriptor.argument?.file;
  return file && parsed.argument && !file.builtin?.includes(parsed.argument) ? `${parsed.name}:${resolve(parsed.argument)}` : text.trim();
}

/** Every setting of the estimator, defaults included, with `raw` applied; throws a one-line error naming the key. */
export function estimatorSettings(name: EstimatorName, raw?: Readonly<Record<string, unknown>>): Record<string, SettingValue> {
  return applySettings(`estimator ${name}`, ESTIMATORS[name].settings, raw);
}

/** The catalog entry of a metric the estimator describes before it runs (its own, an analytic one, a device's latency). */
export function describedMetric(name: EstimatorName, metric: string): MetricInfo | undefined {
  return ESTIMATORS[name].metrics.find((m) => m.name === metric) ?? ANALYTIC_METRICS.find((m) => m.name === metric) ?? describeDeviceMetric(metric);
}

/**
 * The catalog of a run: an entry for each metric its estimator produces (`produced`, in order,
 * the cost gate's analytic ones included). `objectives` give a direction to metrics the
 * estimator cannot describe itself (a table's columns).
 */
export function estimatorCatalog(name: EstimatorName, produced: readonly string[], objectives: readonly { metric: string; direction: Direction }[], notes: Readonly<Record<string, string>> = {}): MetricInfo[] {
  const descriptor: EstimatorDescriptor = ESTIMATORS[name];
  return produced.map((metric) => {
    const own = describedMetric(name, metric);
    if (own) return own;
    const objective = objectives.find((o) => o.metric === metric)?.direction;
    return descriptor.describeLoaded?.(metric, objective, Object.hasOwn(notes, metric) ? notes[metric] : undefined) ?? { name: metric, direction: objective ?? directionByName(metric), unit: '', description: '', cost: 'expensive' };
  });
}
