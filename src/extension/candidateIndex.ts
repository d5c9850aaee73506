// The tree's model of one run's candidates: kept sorted by the first objective (best first,
// then failed/rejected last) by binary insertion, with Pareto membership updated incrementally,
// so adding one candidate to a run of 10,000 costs a search and a front check, not a rebuild.
import { rungCurveText, rungLabel } from '../core/run/rungs';
import type { CandidateRecord, SearchSettings } from '../core/run/types';
import { IncrementalFront } from '../core/search/pareto';
import { type Constraint, frontVector, isFeasible, type Objective, readRunObjectives, satisfies } from '../protocol/objectives';
import { formatMetric } from '../protocol/formatMetric';

export interface IndexedCandidate {
  record: CandidateRecord;
  feasible: boolean;
  /** First objective, minimised; +Infinity when missing or the candidate did not evaluate. */
  sortValue: number;
  /** A multi-fidelity run's records of this candidate, one per rung, lowest first (its curve across rungs). */
  rungs?: CandidateRecord[];
}

export class CandidateIndex {
  readonly objectives: Objective[];
  readonly constraints: Constraint[];
  private readonly sorted: IndexedCandidate[] = [];
  private readonly byKey = new Map<string, IndexedCandidate>();
  private front = new IncrementalFront<string>();

  constructor(settings: Pick<SearchSettings, 'objectives' | 'constraints'>) {
    ({ objectives: this.objectives, constraints: this.constraints } = readRunObjectives(settings));
  }

  add(record: CandidateRecord): IndexedCandidate {
    const feasible = isFeasible(record, this.constraints);
    const vector = frontVector(record, this.objectives);
    const item: IndexedCandidate = { record, feasible, sortValue: vector?.[0] ?? Number.POSITIVE_INFINITY };
    // A multi-fidelity run records a candidate once per rung: it is listed once, by its record at
    // the highest rung (core/run/rungs.ts), and the front is rebuilt without its superseded result.
    const earlier = this.byKey.get(record.key);
    if (record.fidelity) item.rungs = [...(earlier?.rungs ?? []).filter((x) => x.index !== record.index), record].sort((a, b) => a.fidelity!.rung - b.fidelity!.rung);
    if (earlier) {
      if ((earlier.record.fidelity?.rung ?? 0) > (record.fidelity?.rung ?? 0)) {
        earlier.rungs = item.rungs;
        return earlier;
      }
      this.sorted.splice(this.sorted.indexOf(earlier), 1);
    }
    this.sorted.splice(this.insertionPoint(item), 0, item);
    this.byKey.set(record.key, item);
    if (earlier) this.rebuildFront();
    else if (feasible && vector) this.front.add(record.key, vector);
    return item;
  }

  private rebuildFront(): void {
    this.front = new IncrementalFront<string>();
    for (const c of [...this.sorted].sort((a, b) => a.record.index - b.record.index)) {
      const vector = frontVector(c.record, this.objectives);
      if (c.feasible && vector) this.front.add(c.record.key, vector);
    }
  }

  addAll(records: Iterable<CandidateRecord>): void {
    for (const r of records) this.add(r);
  }

  /** Best first: by first objective, ties by evaluation order; failed/rejected at the end. */
  list(): readonly IndexedCandidate[] {
    return this.sorted;
  }

  get(key: string): IndexedCandidate | undefined {
    return this.byKey.get(key);
  }

  isPareto(key: string): boolean {
    return this.front.has(key);
  }

  paretoKeys(): string[] {
    return this.front.ids();
  }

  get size(): number {
    return this.sorted.length;
  }

  private insertionPoint(item: IndexedCandidate): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.sorted[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function rank(c: IndexedCandidate): number {
  if (c.record.status === 'ok') return c.feasible ? 0 : 1;
  return c.record.status === 'failed' ? 2 : 3;
}

function compare(a: IndexedCandidate, b: IndexedCandidate): number {
  return rank(a) - rank(b) || a.sortValue - b.sortValue || a.record.index - b.record.index;
}

/** One-line description shown beside a candidate in the tree. */
export function candidateDescription(c: IndexedCandidate, objectives: readonly Objective[], pareto: boolean): string {
  const r = c.record;
  if (r.status !== 'ok') return `${r.status}${r.error ? `: ${r.error.split('\n')[0]}` : ''}`;
  const parts = objectives.map((o) => `${o.metric} ${formatMetric(r.metrics[o.metric])}`);
  if (!c.feasible) parts.push('infeasible');
  if (r.fidelity) parts.push(rungLabel(r.fidelity));
  if (pareto) parts.unshift('★ Pareto');
  return parts.join(' · ');
}

/** Tooltip text: every metric, the backend, the reason for failure or rejection; in a multi-fidelity run the rung and `curveMetric` across the rungs. */
export function candidateTooltip(c: IndexedCandidate, constraints: readonly Constraint[], curveMetric?: string): string {
  const r = c.record;
  const lines = [`#${r.index} ${r.key}`, `status: ${r.status}${c.feasible ? '' : r.status === 'ok' ? ' (infeasible)' : ''}`];
  if (r.fidelity) lines.push(`at ${rungLabel(r.fidelity)}`);
  if (curveMetric && c.rungs && c.rungs.length > 1) lines.push(`${curveMetric} across rungs: ${rungCurveText(c.rungs, curveMetric, formatMetric)}`);
  if (r.error) lines.push(`reason: ${r.error}`);
  for (const [k, v] of Object.entries(r.metrics)) lines.push(`${k}: ${formatMetric(v)}`);
  if (!c.feasible && r.status === 'ok') {
    const broken = constraints.filter((k) => !satisfies(k, r.metrics));
    if (broken.length) lines.push(`violates: ${broken.map((k) => k.text).join(', ')}`);
  }
  if (r.backend) lines.push(`backend: ${r.backend}`);
  const where = ranOnText(r.details?.ranOn);
  if (where) lines.push(`ran on: ${where}`);
  lines.push(`evaluated in ${formatMetric(r.durationMs)} ms`);
  return lines.join('\n');
}

/** Where a queue worker evaluated it (details.ranOn, written by runtime/pools/workerEvaluator.ts); undefined for a local evaluation or an unreadable entry. */
function ranOnText(ranOn: unknown): string | undefined {
  if (typeof ranOn !== 'object' || ranOn === null) return undefined;
  const { worker, host, threads } = ranOn as Record<string, unknown>;
  if (typeof worker !== 'string' && typeof host !== 'string') return undefined;
  return `${typeof worker === 'string' ? worker : host}${typeof threads === 'number' ? `, ${threads} thread${threads === 1 ? '' : 's'}` : ''}`;
}
