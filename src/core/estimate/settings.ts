// An estimator's settings as data: each one's default, allowed values and a one-line description.
// The one place they are checked: `--train K=V`, the space file's `train` block, a recorded run's
// options and the registry-driven tests all go through parseSetting / applySettings.

export interface NumberSetting {
  type: 'number';
  default: number;
  min: number;
  /** The value must be above min, not equal to it (e.g. a learning rate > 0). */
  minExclusive?: boolean;
  max?: number;
  /** The value must be below max, not equal to it (e.g. a momentum in [0, 1)). */
  maxExclusive?: boolean;
  integer?: boolean;
  description: string;
}

export interface ChoiceSetting<V extends string = string> {
  type: 'choice';
  default: V;
  values: readonly V[];
  description: string;
}

export interface TextSetting {
  type: 'text';
  default: string;
  description: string;
}

export type SettingSpec = NumberSetting | ChoiceSetting | TextSetting;
export type SettingSpecs = Readonly<Record<string, SettingSpec>>;
export type SettingValue = number | string;

/** The parsed settings' type, read off the specs: numbers, the choice's values, strings. */
export type SettingsOf<S extends SettingSpecs> = {
  -readonly [K in keyof S]: S[K] extends ChoiceSetting<infer V> ? V : S[K] extends NumberSetting ? number : string;
};

export class SettingError extends Error {}

/** What the setting accepts, as a phrase: "a whole number >= 1", "a number in [0, 1)", "adam or sgd". */
export function describeRange(spec: SettingSpec): string {
  if (spec.type === 'text') return 'a string';
  if (spec.type === 'choice') return spec.values.length === 2 ? spec.values.join(' or ') : `one of ${spec.values.join(', ')}`;
  const kind = spec.integer ? 'a whole number' : 'a number';
  if (spec.max === undefined) return `${kind} ${spec.minExclusive ? '>' : '>='} ${spec.min}`;
  return `${kind} in ${spec.minExclusive ? '(' : '['}${spec.min}, ${spec.max}${spec.maxExclusive ? ')' : ']'}`;
}

/**
 * One value checked against its spec: the value to use, or what is wrong with it. A number may
 * come as text (`--train epochs=2` is parsed on the command line), so numeric text counts.
 */
export function parseSetting(spec: SettingSpec, value: unknown): { value: SettingValue } | { problem: string } {
  const problem = () => ({ problem: `must be ${describeRange(spec)}, got ${typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : typeof value}` });
  if (spec.type === 'text') return typeof value === 'string' || typeof value === 'number' ? { value: String(value) } : problem();
  if (spec.type === 'choice') return typeof value === 'string' && spec.values.includes(value) ? { value } : problem();
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || (spec.integer && !Number.isInteger(n))) return problem();
  if (spec.minExclusive ? !(n > spec.min) : !(n >= spec.min)) return problem();
  if (spec.max !== undefined && (spec.maxExclusive ? !(n < spec.max) : !(n <= spec.max))) return problem();
  return { value: n };
}

export function defaultsOf<S extends SettingSpecs>(specs: S): SettingsOf<S> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default])) as SettingsOf<S>;
}

/**
 * The defaults with `raw` applied; `owner` opens every error ("estimator proxy"). Undefined
 * values are skipped; an unknown key or a bad value throws a one-line SettingError naming it.
 */
export function applySettings<S extends SettingSpecs>(owner: string, specs: S, raw: Readonly<Record<string, unknown>> = {}): SettingsOf<S> {
  const out: Record<string, SettingValue> = defaultsOf(specs);
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const spec = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
    if (!spec) {
      const known = Object.keys(specs);
      throw new SettingError(`${owner} has no setting '${key}' (${known.length ? `settings: ${known.join(', ')}` : 'it has none'})`);
    }
    const r = parseSetting(spec, value);
    if ('problem' in r) throw new SettingError(`${owner}: setting ${key} ${r.problem}`);
    out[key] = r.value;
  }
  return out as SettingsOf<S>;
}

/** `epochs=2` as [key, value], a number when it reads as one (`--train K=V`, the editor's boxes); undefined when not key=value. */
export function parseSettingPair(item: string): [string, string | number] | undefined {
  const m = /^([A-Za-z_][\w]*)=(.+)$/.exec(item.trim());
  return m ? [m[1], Number.isFinite(Number(m[2])) ? Number(m[2]) : m[2]] : undefined;
}
