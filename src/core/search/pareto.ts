// The Pareto tools, the one implementation the strategies, the run summary, the tree and the
// panel share, over objective vectors already turned into minimisation (see toMinimisation).
// Constraints are handled feasibility-first (Deb's constrained domination): a feasible point
// beats an infeasible one; among infeasible points, less violation wins. Points with equal
// vectors do not dominate each other, so a front keeps them all.

/** a dominates b: no worse in every objective and better in at least one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictlyBetter = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) strictlyBetter = true;
  }
  return strictlyBetter;
}

/**
 * Constrained domination. `violation` 0 means feasible. Among feasible points this is plain
 * Pareto domination.
 */
export function constrainedDominates(a: readonly number[], va: number, b: readonly number[], vb: number): boolean {
  if (va === 0 && vb === 0) return dominates(a, b);
  if (va === 0) return true;
  if (vb === 0) return false;
  return va < vb;
}

/**
 * Fast non-dominated sort (Deb et al. 2002): the indices of the points grouped into fronts,
 * best first. O(M N^2). Without `violations` every point counts as feasible.
 */
export function nonDominatedSort(points: readonly (readonly number[])[], violations?: readonly number[]): number[][] {
  const n = points.length;
  const v = (i: number) => (violations ? violations[i] : 0);
  const dominatedBy = new Int32Array(n);
  const dominatesList: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (constrainedDominates(points[i], v(i), points[j], v(j))) {
        dominatesList[i].push(j);
        dominatedBy[j]++;
      } else if (constrainedDominates(points[j], v(j), points[i], v(i))) {
        dominatesList[j].push(i);
        dominatedBy[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) current.push(i);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominatesList[i]) {
        if (--dominatedBy[j] === 0) next.push(j);
      }
    }
    current = next;
  }
  return fronts;
}

/**
 * Indices of the non-dominated points (points with equal vectors are all kept). O(N log N) for
 * two objectives, O(M N^2) otherwise.
 */
export function paretoFront(points: readonly (readonly number[])[]): number[] {
  if (points.length === 0) return [];
  if (points[0].length === 2) return paretoFront2d(points);
  const out: number[] = [];
  for (let i = 0; i < points.length; i++) {
    let dominated = false;
    for (let j = 0; j < points.length && !dominated; j++) dominated = j !== i && dominates(points[j], points[i]);
    if (!dominated) out.push(i);
  }
  return out;
}

function paretoFront2d(points: readonly (readonly number[])[]): number[] {
  const order = points.map((_, i) => i).sort((a, b) => points[a][0] - points[b][0] || points[a][1] - points[b][1]);
  const out: number[] = [];
  let bestY = Infinity;
  let lastKept: readonly number[] | undefined;
  for (const i of order) {
    const p = points[i];
    if (p[1] < bestY) {
      out.push(i);
      bestY = p[1];
      lastKept = p;
    } else if (lastKept && p[0] === lastKept[0] && p[1] === lastKept[1]) {
      out.push(i); // a duplicate of a front point is not dominated by it
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * The non-dominated set (constrained domination; `violation` 0 means feasible) kept up to date one
 * point at a time: adding a point costs O(front size), so a live run of 10,000 candidates never
 * recomputes its front. The same set as paretoFront / the first front of nonDominatedSort over
 * the points added so far; members stay in the order they joined.
 */
export class IncrementalFront<Id> {
  private readonly members = new Map<Id, { point: readonly number[]; violation: number }>();

  /** `removed`: the members the new point dominates, which left the front (none if it did not join). */
  add(id: Id, point: readonly number[], violation = 0): { joined: boolean; removed: Id[] } {
    for (const m of this.members.values()) {
      if (constrainedDominates(m.point, m.violation, point, violation)) return { joined: false, removed: [] };
    }
    const removed: Id[] = [];
    for (const [other, m] of this.members) {
      if (constrainedDominates(point, violation, m.point, m.violation)) removed.push(other);
    }
    for (const r of removed) this.members.delete(r);
    this.members.set(id, { point, violation });
    return { joined: true, removed };
  }

  has(id: Id): boolean {
    return this.members.has(id);
  }

  ids(): Id[] {
    return [...this.members.keys()];
  }

  points(): (readonly number[])[] {
    return [...this.members.values()].map((m) => m.point);
  }

  get size(): number {
    return this.members.size;
  }
}

/**
 * Crowding distance of each point within one front (same order as `points`): the sum over
 * objectives of the normalised gap between its neighbours; boundary points get Infinity.
 */
export function crowdingDistance(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const distance = new Array<number>(n).fill(0);
  if (n === 0) return distance;
  const m = points[0].length;
  for (let k = 0; k < m; k++) {
    const order = points.map((_, i) => i).sort((a, b) => points[a][k] - points[b][k] || a - b);
    const lo = points[order[0]][k];
    const hi = points[order[n - 1]][k];
    distance[order[0]] = Infinity;
    distance[order[n - 1]] = Infinity;
    const range = hi - lo;
    if (!(range > 0) || !Number.isFinite(range)) continue;
    for (let r = 1; r < n - 1; r++) {
      distance[order[r]] += (points[order[r + 1]][k] - points[order[r - 1]][k]) / range;
    }
  }
  return distance;
}
