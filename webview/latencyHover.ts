// The hover lines that say what part of each device's predicted latency a part of the drawing
// takes. The numbers come from the worker (hardware/latencyShare.ts attributes them); this only
// words them, so the panel holds no latency formula of its own.
import type { DeviceLatencyTotal, PartLatency } from '../src/core/space/architectureDrawing';
import { formatMetric } from '../src/protocol/formatMetric';

const ops = (n: number) => `${n} op${n === 1 ? '' : 's'}`;

/** One line per device of the run; none when it names no device. */
export function latencyLines(latency: readonly PartLatency[] | undefined, devices: readonly DeviceLatencyTotal[] | undefined): string[] {
  return (devices ?? []).map((d) => {
    if (d.unavailable !== undefined) return `latency on ${d.device}: share not available (${d.unavailable})`;
    const part = latency?.find((p) => p.device === d.device);
    if (!part) return `latency on ${d.device}: share not available`;
    if (part.ms === 0 && part.missing > 0) return `latency on ${d.device}: no table entry${part.missing > 1 ? ` for its ${ops(part.missing)}` : ''}`;
    if (part.ms === 0) return `latency on ${d.device}: none (nothing here runs on the device)`;
    const of = d.totalMs === undefined ? '' : `, ${(100 * part.share).toFixed(1)}% of the ${formatMetric(d.totalMs)} ms predicted`;
    const lacking = part.missing > 0 ? `; no table entry for ${ops(part.missing)}` : '';
    const fused = part.fused ? ` (runs fused as ${part.fused}; the kernel's time split evenly)` : '';
    return `latency on ${d.device}: ${formatMetric(part.ms)} ms${of}${lacking}${fused}`;
  });
}
