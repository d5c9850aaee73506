// The typed API a `.nasspace.ts` file is written in. Each function checks its arguments at once
// and records where in the user's file it was called, so every later error can point there.
import { SpaceError } from './errors';
import type { ArchitectureGraph, OptionValue, SourceLocation } from './types';

// ---------------------------------------------------------------- where a call came from

let locationResolver: ((stack: string) => SourceLocation | undefined) | undefined;

/**
 * The loader installs a resolver that finds the user's frame in a stack trace and maps it
 * through the source map of the compiled space file. Without one, locations stay unknown.
 */
export function setLocationResolver(resolver: ((stack: string) => SourceLocation | undefined) | undefined): void {
  locationResolver = resolver;
}

function here(): SourceLocation | undefined {
  if (!locationResolver) return undefined;
  return locationResolver(new Error().stack ?? '');
}

function fail(message: string, loc: SourceLocation | undefined): never {
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

function checkOptions(options: readonly unknown[], loc: SourceLocation | undefined, what: string): asserts options is OptionValue[] {
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

// ---------------------------------------------------------------- layers

export type Activation = 'relu' | 'relu6' | 'none';

export interface ConvSpec {
  filters: Param<number>;
  kernel: Param<number>;
  stride?: Param<number>;
  activation?: Activation;
  /** Batch normalisation after the convolution (then the convolution has no bias). Default true. */
  batchNorm?: boolean;
}
export interface PoolSpec {
  size?: number;
  stride?: number;
}
export interface DenseSpec {
  units: Param<number>;
  activation?: Activation;
}
export interface InvertedResidualSpec {
  filters: Param<number>;
  kernel: Param<number>;
  expand: Param<number>;
  stride?: Param<number>;
}
export interface StageSpec {
  /** How many blocks; blocks past the chosen depth are inactive. */
  depth: Param<number>;
  /** Stride of the stage's first block (the others use 1). Default 1. */
  stride?: number;
  block: Layer<'invertedResidual'>;
}
export interface CellSpec {
  /** Nodes of the DAG including the input node; every pair i < j is an edge. NAS-Bench-201: 4. */
  nodes: number;
  /** Operations to choose from on each edge. */
  ops: readonly CellOp[];
  /** Name used in decision ids; cells used in several places share their decisions. */
  name?: string;
}
export type CellOp = 'none' | 'skip_connect' | 'nor_conv_1x1' | 'nor_conv_3x3' | 'avg_pool_3x3';
export const CELL_OPS: readonly CellOp[] = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];

export interface Cell {
  readonly kind: 'cell';
  /** Unnamed cells are named cell0, cell1, ... in order of first use. */
  readonly name?: string;
  readonly nodes: number;
  readonly ops: readonly CellOp[];
  readonly loc?: SourceLocation;
}

interface LayerSpecs {
  conv: ConvSpec;
  maxPool: PoolSpec;
  avgPool: PoolSpec;
  globalAvgPool: Record<string, never>;
  flatten: Record<string, never>;
  dense: DenseSpec;
  dropout: { rate: Param<number> };
  batchNorm: Record<string, never>;
  relu: Record<string, never>;
  invertedResidual: InvertedResidualSpec;
  stage: StageSpec;
  cellStack: { cell: Cell; repeat: number };
  resBlock: { filters: number; stride?: number };
}
export type LayerType = keyof LayerSpecs;

export interface Layer<T extends LayerType = LayerType> {
  readonly kind: 'layer';
  readonly type: T;
  readonly spec: LayerSpecs[T];
  readonly loc?: SourceLocation;
}

function layer<T extends LayerType>(type: T, spec: LayerSpecs[T], loc: SourceLocation | undefined): Layer<T> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) fail(`${type}() takes an object of settings, got ${describe(spec)}`, loc);
  return { kind: 'layer', type, spec, loc };
}

/** Checks a numeric setting: a positive integer (or a choice of them) within limits. */
function checkNumber(owner: string, field: string, value: unknown, loc: SourceLocation | undefined, opts: { min: number; max?: number; integer?: boolean; optional?: boolean }): void {
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

function checkKeys(owner: string, spec: object, allowed: string[], loc: SourceLocation | undefined): void {
  for (const k of Object.keys(spec)) {
    if (!allowed.includes(k)) fail(`${owner}: unknown setting '${k}' (expected ${allowed.map((a) => `'${a}'`).join(', ')})`, loc);
  }
}

function checkActivation(owner: string, a: unknown, loc: SourceLocation | undefined): void {
  if (a !== undefined && a !== 'relu' && a !== 'relu6' && a !== 'none') fail(`${owner}: 'activation' must be 'relu', 'relu6' or 'none', got ${describe(a)}`, loc);
}

/** Convolution (padding 'same'), then batch norm and the activation. */
export function conv(spec: ConvSpec): Layer<'conv'> {
  const loc = here();
  const l = layer('conv', spec, loc);
  checkKeys('conv()', spec, ['filters', 'kernel', 'stride', 'activation', 'batchNorm'], loc);
  checkNumber('conv()', 'filters', spec.filters, loc, { min: 1, max: 65536 });
  checkNumber('conv()', 'kernel', spec.kernel, loc, { min: 1, max: 31 });
  checkNumber('conv()', 'stride', spec.stride, loc, { min: 1, max: 8, optional: true });
  checkActivation('conv()', spec.activation, loc);
  if (spec.batchNorm !== undefined && typeof spec.batchNorm !== 'boolean') fail(`conv(): 'batchNorm' must be true or false`, loc);
  return l;
}

function pool(type: 'maxPool' | 'avgPool', spec: PoolSpec = {}): Layer<'maxPool' | 'avgPool'> {
  const loc = here();
  const l = layer(type, spec, loc);
  checkKeys(`${type}()`, spec, ['size', 'stride'], loc);
  checkNumber(`${type}()`, 'size', spec.size, loc, { min: 1, max: 31, optional: true });
  checkNumber(`${type}()`, 'stride', spec.stride, loc, { min: 1, max: 31, optional: true });
  return l;
}

/** Max pooling, 'valid' padding; size 2 and stride = size by default. */
export function maxPool(spec: PoolSpec = {}): Layer<'maxPool'> {
  return pool('maxPool', spec) as Layer<'maxPool'>;
}
/** Average pooling, 'valid' padding; size 2 and stride = size by default. */
export function avgPool(spec: PoolSpec = {}): Layer<'avgPool'> {
  return pool('avgPool', spec) as Layer<'avgPool'>;
}
export function globalAvgPool(): Layer<'globalAvgPool'> {
  return layer('globalAvgPool', {}, here());
}
export function flatten(): Layer<'flatten'> {
  return layer('flatten', {}, here());
}
export function batchNorm(): Layer<'batchNorm'> {
  return layer('batchNorm', {}, here());
}
export function relu(): Layer<'relu'> {
  return layer('relu', {}, here());
}
/** Fully connected layer with bias, then the activation (default relu). */
export function dense(spec: DenseSpec): Layer<'dense'> {
  const loc = here();
  const l = layer('dense', spec, loc);
  checkKeys('dense()', spec, ['units', 'activation'], loc);
  checkNumber('dense()', 'units', spec.units, loc, { min: 1, max: 1 << 20 });
  checkActivation('dense()', spec.activation, loc);
  return l;
}
export function dropout(spec: { rate: Param<number> }): Layer<'dropout'> {
  const loc = here();
  const l = layer('dropout', spec, loc);
  checkKeys('dropout()', spec, ['rate'], loc);
  checkNumber('dropout()', 'rate', spec.rate, loc, { min: 0, max: 0.95, integer: false });
  return l;
}

/**
 * MobileNetV2 inverted residual block: 1x1 expansion (skipped when expand is 1), depthwise
 * kxk with the stride, 1x1 projection; each with batch norm, ReLU6 after the first two; a
 * residual connection when the stride is 1 and the widths match.
 */
export function invertedResidual(spec: InvertedResidualSpec): Layer<'invertedResidual'> {
  const loc = here();
  const l = layer('invertedResidual', spec, loc);
  checkKeys('invertedResidual()', spec, ['filters', 'kernel', 'expand', 'stride'], loc);
  checkNumber('invertedResidual()', 'filters', spec.filters, loc, { min: 1, max: 65536 });
  checkNumber('invertedResidual()', 'kernel', spec.kernel, loc, { min: 1, max: 31 });
  checkNumber('invertedResidual()', 'expand', spec.expand, loc, { min: 1, max: 64 });
  checkNumber('invertedResidual()', 'stride', spec.stride, loc, { min: 1, max: 8, optional: true });
  return l;
}

/**
 * A stage of `depth` copies of a block. Each copy gets its own decisions (its own kernel,
 * expansion, width); copies past the chosen depth are inactive.
 */
export function stage(spec: StageSpec): Layer<'stage'> {
  const loc = here();
  const l = layer('stage', spec, loc);
  checkKeys('stage()', spec, ['depth', 'stride', 'block'], loc);
  if (isChoice(spec.depth)) {
    const d = spec.depth.options;
    if (d.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 64)) fail(`stage(): 'depth' options must be integers from 1 to 64, got ${d.join(', ')}`, spec.depth.loc ?? loc);
  } else {
    checkNumber('stage()', 'depth', spec.depth, loc, { min: 1, max: 64 });
  }
  checkNumber('stage()', 'stride', spec.stride, loc, { min: 1, max: 8, optional: true });
  const b = spec.block as unknown;
  if (!isLayer(b) || b.type !== 'invertedResidual') fail(`stage(): 'block' must be an invertedResidual({...})`, loc);
  if ((b as Layer<'invertedResidual'>).spec.stride !== undefined) fail(`stage(): set the stride on the stage, not on its block`, b.loc ?? loc);
  return l;
}

/** A cell DAG: nodes 0..n-1, an edge i -> j for every i < j, an operation chosen on each edge. */
export function cell(spec: CellSpec): Cell {
  const loc = here();
  if (typeof spec !== 'object' || spec === null) fail(`cell() takes an object of settings, got ${describe(spec)}`, loc);
  checkKeys('cell()', spec, ['nodes', 'ops', 'name'], loc);
  checkNumber('cell()', 'nodes', spec.nodes, loc, { min: 2, max: 12 });
  if (!Array.isArray(spec.ops)) fail(`cell(): 'ops' must be a list of operation names`, loc);
  checkOptions(spec.ops, loc, 'cell() ops');
  for (const op of spec.ops) {
    if (!CELL_OPS.includes(op as CellOp)) fail(`cell(): unknown cell op ${JSON.stringify(op)} (known: ${CELL_OPS.join(', ')})`, loc);
  }
  if (spec.name !== undefined && (typeof spec.name !== 'string' || !/^[A-Za-z_][\w-]*$/.test(spec.name))) fail(`cell(): 'name' must be an identifier`, loc);
  return { kind: 'cell', name: spec.name, nodes: spec.nodes, ops: [...spec.ops] as CellOp[], loc };
}

/** `repeat` copies of a cell at the current width; all copies share the cell's decisions. */
export function cellStack(spec: { cell: Cell; repeat: number }): Layer<'cellStack'> {
  const loc = here();
  const l = layer('cellStack', spec, loc);
  checkKeys('cellStack()', spec, ['cell', 'repeat'], loc);
  if (typeof spec.cell !== 'object' || spec.cell === null || spec.cell.kind !== 'cell') fail(`cellStack(): 'cell' must be a cell({...})`, loc);
  checkNumber('cellStack()', 'repeat', spec.repeat, loc, { min: 1, max: 64 });
  return l;
}

/** ResNet basic block that changes width and resolution (NAS-Bench-201's reduction block). */
export function resBlock(spec: { filters: number; stride?: number }): Layer<'resBlock'> {
  const loc = here();
  const l = layer('resBlock', spec, loc);
  checkKeys('resBlock()', spec, ['filters', 'stride'], loc);
  checkNumber('resBlock()', 'filters', spec.filters, loc, { min: 1, max: 65536 });
  checkNumber('resBlock()', 'stride', spec.stride, loc, { min: 1, max: 8, optional: true });
  return l;
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
}

export interface DefinedSpace extends SpaceDefinition {
  readonly kind: 'space';
  readonly loc?: SourceLocation;
}

/** The default export of a `.nasspace.ts` file. */
export function defineSpace(definition: SpaceDefinition): DefinedSpace {
  const loc = here();
  if (typeof definition !== 'object' || definition === null) fail(`defineSpace() takes an object, got ${describe(definition)}`, loc);
  checkKeys('defineSpace()', definition, ['name', 'input', 'layers', 'constraint', 'search', 'train'], loc);
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
  checkKeys('defineSpace() search', search, ['strategy', 'budget', 'estimator', 'objectives', 'constraints'], loc);
  if (search.strategy !== undefined && typeof search.strategy !== 'string') fail(`defineSpace(): search.strategy must be a strategy name such as 'evolution', got ${describe(search.strategy)}`, loc);
  checkNumber('defineSpace()', 'search.budget', search.budget, loc, { min: 1, optional: true });
  if (search.estimator !== undefined && typeof search.estimator !== 'string') fail(`defineSpace(): search.estimator must be a string such as 'proxy' or 'table:file.json'`, loc);
  for (const field of ['objectives', 'constraints'] as const) {
    const list = search[field];
    if (list !== undefined && (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))) fail(`defineSpace(): search.${field} must be a list of strings, e.g. ${field === 'objectives' ? "['max:val_acc', 'min:latency_ms']" : "['params<=200000']"}`, loc);
  }
}

function checkTrainDefaults(train: TrainDefaults | undefined, loc: SourceLocation | undefined): void {
  if (train === undefined) return;
  if (typeof train !== 'object' || train === null) fail(`defineSpace(): 'train' must be an object`, loc);
  checkKeys('defineSpace() train', train, ['epochs', 'subset', 'batchSize', 'optimizer', 'learningRate', 'schedule', 'downscale', 'widthMultiplier', 'repeats'], loc);
  for (const k of ['epochs', 'subset', 'batchSize', 'downscale', 'repeats'] as const) checkNumber('defineSpace()', `train.${k}`, train[k], loc, { min: 1, optional: true });
  for (const k of ['learningRate', 'widthMultiplier'] as const) checkNumber('defineSpace()', `train.${k}`, train[k], loc, { min: Number.MIN_VALUE, integer: false, optional: true });
  if (train.optimizer !== undefined && train.optimizer !== 'adam' && train.optimizer !== 'sgd') fail(`defineSpace(): train.optimizer must be 'adam' or 'sgd', got ${describe(train.optimizer)}`, loc);
  if (train.schedule !== undefined && train.schedule !== 'cosine' && train.schedule !== 'constant') fail(`defineSpace(): train.schedule must be 'cosine' or 'constant', got ${describe(train.schedule)}`, loc);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}
