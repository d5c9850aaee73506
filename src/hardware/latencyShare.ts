// A device's predicted latency attributed to the nodes of a graph, for the panel's hover: each
// operator unit's part of the table model's prediction (latencyModel.ts unitContributionMs),
// split evenly over the nodes of a fused unit, since the device runs them as one kernel and
// times them only together. The offset per call belongs to no node. A profile fitted from
// end-to-end measurements only has no per-operator times, and gets no shares rather than
// invented ones. Profile lookups only: nothing is measured here.
import type { NodeLatencies, NodeLatency } from '../core/space/architectureDrawing';
import type { ArchitectureGraph } from '../core/space/types';
import type { DeviceProfile } from './deviceProfile';
import { predictLatency, unitContributionMs } from './latencyModel';
import { coveredUnits } from './opUnits';

export const NO_TABLE = 'its profile was fitted from end-to-end measurements only, with no per-operator table';

export function latencyShares(profile: DeviceProfile, graph: ArchitectureGraph): NodeLatencies {
  const model = profile.model;
  if (model.kind !== 'table') return { device: profile.name, unavailable: NO_TABLE };
  const byNode = new Map<string, NodeLatency>();
  for (const { unit, nodes } of coveredUnits(graph, profile.fusion)) {
    const ms = unitContributionMs(profile, model, unit);
    const fused = nodes.length > 1 ? unit.ops.map((o) => o.op).join(' > ') : undefined;
    for (const id of nodes) byNode.set(id, { ms: ms === undefined ? null : ms / nodes.length, ...(fused ? { fused } : {}) });
  }
  // The table's prediction, not a measurement the profile may hold of this architecture: the shares are of it.
  return { device: profile.name, totalMs: predictLatency(profile, graph).ms, byNode };
}
