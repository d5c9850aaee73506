// Runtime validators for data that crosses a process boundary (worker IPC, webview
// postMessage, the run folder's files). Each validator is also the source of its TypeScript type
// (`Infer<typeof v>`), so a message's type and its check can never drift apart.

export type Validator<T> = (value: unknown, path: string) => T;
export type Infer<V> = V extends Validator<infer T> ? T : never;

// For compile-time proofs that a validator produces exactly a fixed type, e.g.
// `type _Check = Assert<Same<Infer<typeof v>, T>>`. Key sets are compared too: mutual
// assignability alone would let an optional field be missing.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;
export type Assert<T extends true> = T;

/** Thrown by a validator; `message` names the offending path, e.g. `data.record.index: expected a number`. */
export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

function fail(path: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new ValidationError(`${path}: expected ${expected}, got ${got}`);
}

export const str: Validator<string> = (v, p) => (typeof v === 'string' ? v : fail(p, 'a string', v));
export const num: Validator<number> = (v, p) => (typeof v === 'number' && !Number.isNaN(v) ? v : fail(p, 'a number', v));
export const bool: Validator<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'a boolean', v));
export const int: Validator<number> = (v, p) => (Number.isInteger(v) ? (v as number) : fail(p, 'an integer', v));
/** Anything JSON can carry; used for opaque payloads the receiver never interprets (strategy state). */
export const unknownValue: Validator<unknown> = (v) => v;

export function literal<const L extends string | number | boolean>(...options: L[]): Validator<L> {
  return (v, p) => (options.includes(v as L) ? (v as L) : fail(p, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, v));
}

export function arr<T>(item: Validator<T>, maxLength = Number.POSITIVE_INFINITY): Validator<T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) fail(p, 'an array', v);
    if (v.length > maxLength) throw new ValidationError(`${p}: at most ${maxLength} items allowed, got ${v.length}`);
    return v.map((x, i) => item(x, `${p}[${i}]`));
  };
}

export function record<T>(value: Validator<T>): Validator<Record<string, T>> {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(p, 'an object', v);
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v)) out[k] = value(x, `${p}.${k}`);
    return out;
  };
}

/** Marks an object field as optional (may be absent or undefined). */
export interface Optional<T> {
  optional: Validator<T>;
}
export function opt<T>(v: Validator<T>): Optional<T> {
  return { optional: v };
}

type Shape = Record<string, Validator<unknown> | Optional<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];
type FieldType<F> = F extends Optional<infer T> ? T : F extends Validator<infer T> ? T : never;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: FieldType<S[K]> } & { [K in OptionalKeys<S>]?: FieldType<S[K]> };

/** An object with these fields; unknown extra fields are dropped so nothing unchecked passes through. */
export function obj<S extends Shape>(shape: S): Validator<ObjectOf<S>> {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(p, 'an object', v);
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const x = input[key];
      if (typeof field === 'function') out[key] = field(x, `${p}.${key}`);
      else if (x !== undefined) out[key] = field.optional(x, `${p}.${key}`);
    }
    return out as ObjectOf<S>;
  };
}

export function oneOf<A, B>(a: Validator<A>, b: Validator<B>): Validator<A | B> {
  return (v, p) => {
    try {
      return a(v, p);
    } catch (first) {
      try {
        return b(v, p);
      } catch {
        throw first;
      }
    }
  };
}

/** Runs a validator and returns either the value or the error message, for code that must not throw. */
export function check<T>(v: Validator<T>, value: unknown, path = 'message'): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: v(value, path) };
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, error: e.message };
    throw e;
  }
}

/** A line of JSON checked by `v`: its value, or undefined when it is not JSON or not valid (for logs and streams that skip such lines). */
export function parseJsonLine<T>(v: Validator<T>, line: string, path = 'message'): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const r = check(v, value, path);
  return r.ok ? r.value : undefined;
}
