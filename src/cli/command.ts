// The shape of a `nas` command, and argument parsing with one-line errors for bad flags.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Command {
  name: string;
  summary: string;
  /** Full help text, printed by `nas <command> --help`. */
  help: string;
  run(argv: string[]): Promise<number>;
}

/** A user mistake: printed as one line (`nas: ...`), exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type ParsedValues<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];

export function parse<O extends Options>(argv: string[], options: O, positionals: { min: number; max: number; names: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args: attachNegativeNumbers(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, ''));
  }
  const { positionals: pos } = parsed;
  // parseArgs' result type cannot see the added --help option; the options we passed define the rest.
  const values = parsed.values as ParsedValues<O> & { help?: boolean };
  if (!values.help && (pos.length < positionals.min || pos.length > positionals.max)) {
    throw new UsageError(pos.length < positionals.min ? `missing ${positionals.names}` : `unexpected argument '${pos[positionals.max]}'`);
  }
  return { values, positionals: pos, help: values.help === true };
}

/**
 * `--budget -5` as `--budget=-5`: parseArgs calls a value that starts with a dash ambiguous, but a
 * negative number is a value, which the option's own check then refuses with its range.
 */
function attachNegativeNumbers(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : '';
    if (argv[i] === '--') return [...out, ...argv.slice(i)];
    if (options[name]?.type === 'string' && /^-\d/.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

export function toInt(value: string | undefined, flag: string, dflt: number, min = 0): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer of at least ${min}, got '${value}'`);
  return n;
}
