// The tabular estimator: a JSON object mapping architecture key -> record of numeric metrics
// (e.g. NAS-Bench-201), so a search can be run and checked against a known optimum in seconds.
// A table with learning curves has columns <metric>@<epoch> too: read at an epoch (the run's
// `epoch` setting, or the fidelity level a multi-fidelity strategy asks for), they stand in for
// <metric>.

import type { Metrics } from '../run/types';
import type { Estimator, EvaluationRequest, EvaluationResult } from './types';

export class TableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableError';
  }
}

export class TabularEstimator implements Estimator {
  readonly name = 'table';
  private readonly names: string[];

  /** `source` names the table in error messages (usually its file path); `epoch` > 0 reads the learning-curve columns of that epoch. */
  constructor(
    private readonly table: ReadonlyMap<string, Metrics>,
    private readonly source = 'table',
    private readonly epoch = 0,
    private readonly notes: Readonly<Record<string, string>> = {},
  ) {
    const names = new Set<string>();
    for (const m of table.values()) for (const k of Object.keys(m)) names.add(curveColumn(k)?.metric ?? k);
    this.names = [...names].sort();
  }

  get size(): number {
    return this.table.size;
  }

  metricNames(): string[] {
    return [...this.names];
  }

  metricNotes(): Readonly<Record<string, string>> {
    return this.notes;
  }

  lookup(key: string): Metrics | undefined {
    return this.table.get(key);
  }

  /** One of the table's keys (the first), to show what its keys look like. */
  firstKey(): string | undefined {
    return this.table.keys().next().value;
  }

  async evaluate(request: EvaluationRequest): Promise<EvaluationResult> {
    const metrics = this.table.get(request.key);
    if (!metrics) {
      return { status: 'failed', metrics: {}, backend: 'table', error: `architecture '${request.key}' is not in ${this.source}` };
    }
    const epoch = request.fidelity?.value ?? this.epoch;
    if (epoch <= 0) return { status: 'ok', metrics: withoutCurves(metrics), backend: 'table' };
    const atEpoch = Object.entries(metrics).filter(([k]) => curveColumn(k)?.epoch === epoch);
    if (atEpoch.length === 0) return { status: 'failed', metrics: {}, backend: 'table', error: `architecture '${request.key}' has no learning-curve column for epoch ${epoch} in ${this.source}` };
    return { status: 'ok', metrics: { ...withoutCurves(metrics), ...Object.fromEntries(atEpoch.map(([k, v]) => [curveColumn(k)!.metric, v])) }, backend: 'table' };
  }
}

/** `c10_valid@12` -> c10_valid at epoch 12; undefined for a plain column. */
function curveColumn(name: string): { metric: string; epoch: number } | undefined {
  const m = /^(.+)@(\d+)$/.exec(name);
  return m ? { metric: m[1], epoch: Number(m[2]) } : undefined;
}

function withoutCurves(metrics: Metrics): Metrics {
  return Object.fromEntries(Object.entries(metrics).filter(([k]) => !curveColumn(k)));
}

/**
 * Validates a parsed table: an object whose values are objects of numbers (nulls are skipped,
 * meaning "not available"). Throws a TableError naming the source and the first bad entry.
 */
export function tableFromJson(data: unknown, source: string): Map<string, Metrics> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TableError(`${source}: expected a JSON object mapping architecture keys to metric records, got ${describe(data)}`);
  }
  const table = new Map<string, Metrics>();
  for (const [key, record] of Object.entries(data as Record<string, unknown>)) {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new TableError(`${source}: entry '${key}' should be an object of numeric metrics, got ${describe(record)}`);
    }
    const metrics: Metrics = {};
    for (const [name, value] of Object.entries(record as Record<string, unknown>)) {
      if (value === null) continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new TableError(`${source}: entry '${key}', metric '${name}' should be a finite number or null, got ${describe(value)}`);
      }
      metrics[name] = value;
    }
    table.set(key, metrics);
  }
  if (table.size === 0) throw new TableError(`${source}: the table has no entries`);
  return table;
}

export function parseTable(text: string, source: string): Map<string, Metrics> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new TableError(`${source}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  return tableFromJson(data, source);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? x.slice(0, 40) + '...' : x)}`;
  return typeof x === 'object' ? 'an object' : `${typeof x} ${String(x)}`;
}
