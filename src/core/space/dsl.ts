// The typed API a `.nasspace.ts` file is written in. Each function checks its arguments at once
// and records where in the user's file it was called, so every later error can point there.
import { PROXY_SETTINGS, SPACE_FILE_TRAIN_SETTINGS } from '../estimate/estimators/proxy';
import { parseSetting } from '../estimate/settings';
import { SpaceError } from './errors';
import type { ArchitectureGraph, OptionValue, SourceLocation } from './types';
import type { Layer } from './layers';

// ---------------------------------------------------------------- where a call came from

let locationResolver: ((stack: string) => SourceLocation | undefined) | undefined;

/**
 * The loader installs a resolver that finds the user's frame in a stack trace and maps it
 * through the source map of the compiled space file. Without one, locations stay unknown.
 */
export function setLocationResolver(resolver: ((stack: string) => SourceLocation | undefined) | undefined): void {
  locationResolver = resolver;
}

export function here(): SourceLocation | undefined {
  if (!locationResolver) return undefined;
  return locationResolver(new Error().stack ?? '');
}

export function fail(message: string, loc: SourceLocation | undefined): never {
  throw new SpaceError(message, loc);
}

// ---------------------------------------------------------------- choices

export interface Choice<T extends OptionValue = OptionValue> {
  readonly kind: 'choice';
  readonly options: readonly T[];
  /** Present when this choice exists only while another choice takes one of `values`. */
  readonly condition?: { readonly on: Choice; readonly values: readonly OptionValue[]; readonly otherwise?: OptionValue };
  readonly loc?: SourceLocation;
}

/** A value fixed in the space, or a choice among values. */
export type Param<T extends OptionValue> = T | Choice<T>;

export function checkOptions(options: readonly unknown[], loc: SourceLocation | undefined, what: string): asserts options is OptionValue[] {
  if (options.length === 0) fail(`${what} needs at least one option`, loc);
  const type = typeof options[0];
  const seen = new Set<string>();
  for (const o of options) {
    if (typeof o !== 'number' && typeof o !== 'string' && typeof o !== 'boolean') {
      fail(`${what} options must be numbers, strings or booleans; got ${describe(o)}`, loc);
    }
    if (typeof o !== type) fail(`${what} mixes option types (${type} and ${typeof o})`, loc);
    if (typeof o === 'number' && !Number.isFinite(o)) fail(`${what} option ${o} is not a finite number`, loc);
    const k = String(o);
    if (seen.has(k)) fail(`${what} has the option ${JSON.stringify(o)} twice`, loc);
    seen.add(k);
  }
}

/** One of the given values. Options must be distinct and of one type. */
export function choice<T extends OptionValue>(...options: T[]): Choice<T> {
  const loc = here();
  if (options.length === 1 && Array.isArray(options[0])) options = options[0] as unknown as T[];
  checkOptions(options, loc, 'choice()');
  return { kind: 'choice', options: [...options], loc };
}

/** Every integer from `min` to `max` inclusive, in steps of `step`. */
export function int(min: number, max: number, step = 1): Choice<number> {
  const loc = here();
  for (const [n, v] of [['min', min], ['max', max], ['step', step]] as const) {
    if (!Number.isInteger(v)) fail(`int(): ${n} must be an integer, got ${describe(v)}`, loc);
  }
  if (min > max) fail(`int(): min ${min} is greater than max ${max}`, loc);
  if (step < 1) fail(`int(): step must be at least 1, got ${step}`, loc);
  const options: number[] = [];
  for (let v = min; v <= max; v += step) options.push(v);
  return { kind: 'choice', options, loc };
}

/**
 * A choice that exists only when `on` takes one of `values`, e.g.
 * `rate: when(useDropout, true, choice(0.1, 0.3), 0)`. While inactive it does not count towards
 * the size, is absent from the architecture, and the setting takes `otherwise` (needed for
 * settings without a default, such as filters or units). `on` may be another setting's choice
 * or a choice of its own, which then becomes a decision of its own.
 */
export function when<T extends OptionValue>(on: Choice, values: OptionValue | OptionValue[], then: Choice<T>, otherwise?: T): Choice<T> {
  const loc = here();
  if (!isChoice(on)) fail('when(): the first argument must be a choice()', loc);
  if (!isChoice(then)) fail('when(): the third argument must be a choice()', loc);
  const list = Array.isArray(values) ? values : [values];
  for (const v of list) {
    if (!on.options.some((o) => o === v)) fail(`when(): ${JSON.stringify(v)} is not an option of the choice it depends on (${on.options.map((o) => JSON.stringify(o)).join(', ')})`, loc);
  }
  if (otherwise !== undefined && typeof otherwise !== typeof then.options[0]) fail(`when(): 'otherwise' must be a ${typeof then.options[0]} like the choice's options`, loc);
  return { kind: 'choice', options: then.options, condition: { on, values: list, otherwise }, loc };
}

export function isChoice(x: unknown): x is Choice {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'choice' && Array.isArray((x as Choice).options);
}

// ---------------------------------------------------------------- checks the layer files share

// Each layer kind's DSL function lives in layers/ and checks its settings with these.
export { describe };

/** Checks a numeric setting: a positive integer (or a choice of them) within limits. */
export function checkNumber(owner: string, field: string, value: unknown, loc: SourceLocation | undefined, opts: { min: number; max?: number; integer?: boolean; optional?: boolean }): void {
  if (value === undefined) {
    if (opts.optional) return;
    fail(`${owner}: '${field}' is required`, loc);
  }
  const values = isChoice(value) ? value.options : [value];
  const where = isChoice(value) ? value.loc ?? loc : loc;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${owner}: '${field}' must be a number or a choice of numbers, got ${describe(v)}`, where);
    if (opts.integer !== false && !Number.isInteger(v)) fail(`${owner}: '${field}' must be an integer, got ${v}`, where);
    if (v < opts.min || (opts.max !== undefined && v > opts.max)) fail(`${owner}: '${field}' must be between ${opts.min} and ${opts.max ?? 'any'}, got ${v}`, where);
  }
}

export function checkKeys(owner: string, spec: object, allowed: string[], loc: SourceLocation | undefined): void {
  for (const k of Object.keys(spec)) {
    if (!allowed.includes(k)) fail(`${owner}: unknown setting '${k}' (expected ${allowed.map((a) => `'${a}'`).join(', ')})`, loc);
  }
}

export function isLayer(x: unknown): x is Layer {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'layer';
}

// ---------------------------------------------------------------- the space

/** What the user's predicate sees of an architecture. */
export interface ArchitectureView {
  key: string;
  /** Active decisions by id. */
  values: Record<string, OptionValue>;
  graph: ArchitectureGraph;
}

/** Defaults for a search of this space; command-line flags and editor pickers override them. */
export interface SearchDefaults {
  /** A strategy name; the search settings check it when the space loads (core/search/settings.ts). */
  strategy?: string;
  budget?: number;
  estimator?: string;
  objectives?: string[];
  constraints?: string[];
  /** Cheap estimators, as `--cheap` names them (e.g. 'table:nb201-zc.json'). */
  cheap?: string[];
}

/** Defaults for proxy training of this space's candidates. */
export interface TrainDefaults {
  epochs?: number;
  subset?: number;
  batchSize?: number;
  optimizer?: 'adam' | 'sgd';
  learningRate?: number;
  /** 'cosine' (default): decay to 0 over the run; 'constant'. */
  schedule?: 'cosine' | 'constant';
  downscale?: number;
  widthMultiplier?: number;
  /** Trainings per candidate (successive seeds), averaged: less seed noise for proportionally more time. */
  repeats?: number;
}

export interface SpaceDefinition {
  name: string;
  input: { shape: [number, number, number]; classes: number };
  layers: Layer[];
  /** Rejects architectures: return false, or a string saying why. */
  constraint?: (arch: ArchitectureView) => boolean | string;
  search?: SearchDefaults;
  train?: TrainDefaults;
  /** Devices whose predicted latency every candidate gets as `latency_ms@<device>` (names or profile paths). */
  hardware?: { devices?: string[] };
}

export interface DefinedSpace extends SpaceDefinition {
  readonly kind: 'space';
  readonly loc?: SourceLocation;
}

/** The default export of a `.nasspace.ts` file. */
export function defineSpace(definition: SpaceDefinition): DefinedSpace {
  const loc = here();
  if (typeof definition !== 'object' || definition === null) fail(`defineSpace() takes an object, got ${describe(definition)}`, loc);
  checkKeys('defineSpace()', definition, ['name', 'input', 'layers', 'constraint', 'search', 'train', 'hardware'], loc);
  const hw = definition.hardware as { devices?: unknown } | undefined;
  if (hw !== undefined && (typeof hw !== 'object' || hw === null || Object.keys(hw).some((k) => k !== 'devices') || (hw.devices !== undefined && (!Array.isArray(hw.devices) || hw.devices.some((d) => typeof d !== 'string'))))) fail(`defineSpace(): 'hardware' must be { devices: ['local', 'pi4', ...] }`, loc);
  if (typeof definition.name !== 'string' || definition.name.trim() === '') fail(`defineSpace(): 'name' must be a non-empty string`, loc);
  const input = definition.input as unknown as { shape?: unknown; classes?: unknown } | undefined;
  if (typeof input !== 'object' || input === null) fail(`defineSpace(): 'input' must be { shape: [height, width, channels], classes }`, loc);
  const shape = input.shape;
  if (!Array.isArray(shape) || shape.length !== 3 || shape.some((v) => !Number.isInteger(v) || v < 1)) fail(`defineSpace(): 'input.shape' must be [height, width, channels] of positive integers, got ${describe(shape)}`, loc);
  if (!Number.isInteger(input.classes) || (input.classes as number) < 2) fail(`defineSpace(): 'input.classes' must be an integer of at least 2, got ${describe(input.classes)}`, loc);
  if (!Array.isArray(definition.layers) || definition.layers.length === 0) fail(`defineSpace(): 'layers' must be a non-empty list of layers`, loc);
  definition.layers.forEach((l, i) => {
    if (!isLayer(l)) fail(`defineSpace(): layers[${i}] is not a layer (got ${describe(l)}); use conv(), stage(), dense(), ...`, loc);
  });
  if (definition.constraint !== undefined && typeof definition.constraint !== 'function') fail(`defineSpace(): 'constraint' must be a function (arch) => boolean | string`, loc);
  checkSearchDefaults(definition.search, loc);
  checkTrainDefaults(definition.train, loc);
  return { ...definition, kind: 'space', loc };
}

/** Types are erased when a space file is compiled, so its search and train settings are checked here. */
function checkSearchDefaults(search: SearchDefaults | undefined, loc: SourceLocation | undefined): void {
  if (search === undefined) return;
  if (typeof search !== 'object' || search === null) fail(`defineSpace(): 'search' must be an object`, loc);
  checkKeys('defineSpace() search', search, ['strategy', 'budget', 'estimator', 'objectives', 'constraints', 'cheap'], loc);
  if (search.strategy !== undefined && typeof search.strategy !== 'string') fail(`defineSpace(): search.strategy must be a strategy name such as 'evolution', got ${describe(search.strategy)}`, loc);
  checkNumber('defineSpace()', 'search.budget', search.budget, loc, { min: 1, optional: true });
  if (search.estimator !== undefined && typeof search.estimator !== 'string') fail(`defineSpace(): search.estimator must be a string such as 'proxy' or 'table:file.json'`, loc);
  const examples = { objectives: "['max:val_acc', 'min:latency_ms']", constraints: "['params<=200000']", cheap: "['table:zc.json']" };
  for (const field of ['objectives', 'constraints', 'cheap'] as const) {
    const list = search[field];
    if (list !== undefined && (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))) fail(`defineSpace(): search.${field} must be a list of strings, e.g. ${examples[field]}`, loc);
  }
}

function checkTrainDefaults(train: TrainDefaults | undefined, loc: SourceLocation | undefined): void {
  if (train === undefined) return;
  if (typeof train !== 'object' || train === null) fail(`defineSpace(): 'train' must be an object`, loc);
  checkKeys('defineSpace() train', train, [...SPACE_FILE_TRAIN_SETTINGS], loc);
  // The proxy estimator's own spec checks the values, as it does `--train K=V`.
  for (const [key, value] of Object.entries(train)) {
    const r = value === undefined ? undefined : parseSetting(PROXY_SETTINGS[key as keyof TrainDefaults], value);
    if (r && 'problem' in r) fail(`defineSpace(): train.${key} ${r.problem}`, loc);
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}
