// A defined space as plain data, so it can leave the confined process: the confined process
// turns what the space file's defineSpace() returned into this, and the parent rebuilds the same
// definition from it by calling the space language itself, which checks every value again.
// Shared objects stay shared: a choice used in two places, or a cell used by two stacks, is one
// table entry referenced twice (that is what ties decisions together).
import * as api from '../../api';
import { isChoice, isLayer, setLocationResolver, type Choice, type DefinedSpace } from '../../core/space/dsl';
import type { Cell } from '../../core/space/layers/cellStack';
import type { Layer } from '../../core/space/layers/index';
import { SpaceError } from '../../core/space/errors';
import type { OptionValue, SourceLocation } from '../../core/space/types';

export type Value =
  | OptionValue
  | null
  | undefined
  | Value[]
  | { $: 'choice'; index: number }
  | { $: 'cell'; index: number }
  | { $: 'layer'; type: string; spec: Value; loc?: SourceLocation }
  | { $: 'object'; entries: [string, Value][] };

export interface ChoiceData {
  options: OptionValue[];
  /** `on` is the index of an earlier choice. */
  condition?: { on: number; values: OptionValue[]; otherwise?: OptionValue };
  loc?: SourceLocation;
}

export interface CellData {
  name?: string;
  nodes: number;
  ops: string[];
  loc?: SourceLocation;
}

export interface SpaceData {
  choices: ChoiceData[];
  cells: CellData[];
  /** defineSpace()'s settings without the constraint. */
  settings: Value;
  hasConstraint: boolean;
  loc?: SourceLocation;
}

// ---------------------------------------------------------------- in the confined process

/** Reads the user's objects (their getters and proxies run here: call it under the time limit). */
export function toSpaceData(definition: DefinedSpace): SpaceData {
  const choices: ChoiceData[] = [];
  const cells: CellData[] = [];
  const choiceIndex = new Map<Choice, number>();
  const cellIndex = new Map<Cell, number>();

  const option = (v: unknown): OptionValue => {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    throw new SpaceError(`an option must be a number, a string or a boolean, not ${typeof v}`, definition.loc);
  };
  const loc = (l: SourceLocation | undefined): SourceLocation | undefined => (l ? { file: String(l.file), line: Number(l.line), column: Number(l.column) } : undefined);

  function choice(c: Choice): number {
    const known = choiceIndex.get(c);
    if (known !== undefined) return known;
    const cond = c.condition;
    // The choice a condition depends on gets the lower index, so the parent can rebuild in order.
    const condition = cond && { on: choice(cond.on), values: [...cond.values].map(option), otherwise: cond.otherwise === undefined ? undefined : option(cond.otherwise) };
    choices.push({ options: [...c.options].map(option), condition, loc: loc(c.loc) });
    choiceIndex.set(c, choices.length - 1);
    return choices.length - 1;
  }

  function cell(c: Cell): number {
    const known = cellIndex.get(c);
    if (known !== undefined) return known;
    cells.push({ name: c.name === undefined ? undefined : String(c.name), nodes: Number(c.nodes), ops: [...c.ops].map(String), loc: loc(c.loc) });
    cellIndex.set(c, cells.length - 1);
    return cells.length - 1;
  }

  function value(v: unknown): Value {
    if (v === undefined || v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return v.map(value);
    if (isChoice(v)) return { $: 'choice', index: choice(v) };
    if (isLayer(v)) return { $: 'layer', type: String(v.type), spec: value(v.spec), loc: loc(v.loc) };
    if (typeof v === 'object' && (v as { kind?: unknown }).kind === 'cell') return { $: 'cell', index: cell(v as Cell) };
    if (typeof v === 'object') return { $: 'object', entries: Object.entries(v).map(([k, x]) => [k, value(x)]) };
    throw new SpaceError(`defineSpace() settings may hold numbers, strings, booleans, lists, objects, choices and layers, not a ${typeof v}`, definition.loc);
  }

  const { constraint, kind: _kind, loc: defined, ...settings } = definition;
  return { choices, cells, settings: value(settings), hasConstraint: constraint !== undefined, loc: loc(defined) };
}

// ---------------------------------------------------------------- in the parent

/**
 * The definition the confined process evaluated, rebuilt through the space language (so each
 * value is checked again here) with the locations it reported. `constraint` stands in for the
 * user's function, which stays in the confined process.
 */
export function fromSpaceData(data: SpaceData, constraint: DefinedSpace['constraint']): DefinedSpace {
  const choices: Choice[] = [];
  for (const c of data.choices) {
    const on = c.condition ? choices[c.condition.on] : undefined;
    if (c.condition && (!on || c.condition.on >= choices.length)) throw new Error('malformed space data: a condition on a later choice');
    // An array as the only argument: int() ranges can have more options than a call has arguments.
    const plain = at(c.loc, () => api.choice(c.options as never));
    const cond = c.condition;
    choices.push(cond ? at(c.loc, () => api.when(on!, cond.values, plain, cond.otherwise)) : plain);
  }
  const cells = data.cells.map((c) => at(c.loc, () => api.cell({ nodes: c.nodes, ops: c.ops as never, ...(c.name === undefined ? {} : { name: c.name }) })));

  function value(v: Value): unknown {
    if (v === undefined || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(value);
    switch (v.$) {
      case 'choice':
        return choices[v.index] ?? malformed();
      case 'cell':
        return cells[v.index] ?? malformed();
      case 'layer':
        return layer(v.type, value(v.spec), v.loc);
      case 'object':
        // fromEntries defines own properties: a key named __proto__ stays a plain key.
        return Object.fromEntries(v.entries.map(([k, x]) => [k, value(x)]));
      default:
        return malformed();
    }
  }

  const settings = value(data.settings);
  if (typeof settings !== 'object' || settings === null) return malformed();
  return at(data.loc, () => api.defineSpace({ ...(settings as Omit<DefinedSpace, 'kind'>), ...(constraint ? { constraint } : {}) }));
}

/** A layer of the given type, made by the API function of that name (conv(), stage(), ...). */
function layer(type: string, spec: unknown, loc: SourceLocation | undefined): Layer {
  const make = Object.prototype.hasOwnProperty.call(api, type) ? (api as unknown as Record<string, unknown>)[type] : undefined;
  if (typeof make !== 'function') return malformed();
  const made: unknown = at(loc, () => (make as (spec: unknown) => unknown)(spec));
  if (!isLayer(made) || made.type !== type) return malformed();
  return made;
}

/** Runs an API call as if it were made at `loc` in the space file. */
function at<T>(loc: SourceLocation | undefined, make: () => T): T {
  setLocationResolver(() => loc);
  try {
    return make();
  } finally {
    setLocationResolver(undefined);
  }
}

function malformed(): never {
  throw new Error('malformed space data from the space sandbox');
}
