// Which candidates of a rung successive halving promotes: the rung's results in promotion order,
// best first. The rule, with one objective or several:
//  1. Only ok results are ranked (a failed or rejected candidate is never promoted).
//  2. Feasible before infeasible, and among infeasible ones less violation first (Deb's
//     constrained domination, as everywhere else here: pareto.ts), so an infeasible candidate is
//     never promoted over a feasible one.
//  3. Then by non-dominated rank (front 0 first). With one objective that is the objective's order.
//  4. Within a front, by crowding distance, largest first, the boundary points (Infinity) leading;
//     then by index, so the order is total and deterministic.
// Why crowding rather than hypervolume contribution: it needs no reference point (a rung's
// accuracies are all low-fidelity and their scale moves from rung to rung, so any reference
// point would be arbitrary), it is the tie-break NSGA-II and MO-ASHA use, and it keeps the
// extremes of the front, which are exactly the candidates whose cheap objective (params,
// latency: exact at every rung) makes them worth a longer training even when their accuracy,
// the only fidelity-dependent objective, is still poor.
import type { Evaluated } from './evaluated';
import { crowdingDistance, nonDominatedSort } from './pareto';

export function promotionOrder(results: readonly Evaluated[]): Evaluated[] {
  const ok = results.filter((e) => e.ok && e.values.every(Number.isFinite));
  const fronts = nonDominatedSort(ok.map((e) => e.values), ok.map((e) => e.violation));
  const ordered: Evaluated[] = [];
  for (const front of fronts) {
    const members = front.map((i) => ok[i]);
    // Crowding only means something among feasible points; infeasible ones tie on violation.
    const crowding = members[0].violation === 0 ? crowdingDistance(members.map((e) => e.values)) : members.map(() => 0);
    const order = members.map((_, i) => i).sort((a, b) => members[a].violation - members[b].violation || crowding[b] - crowding[a] || members[a].index - members[b].index);
    ordered.push(...order.map((i) => members[i]));
  }
  return ordered;
}
