// The NAS-Bench-201 latency data the few-measurement benchmark reads: HW-NAS-Bench's six devices
// (nb201.json) and HELP's device/batch pairs (nb201-help-latency.json), by NAS-Bench-201 index.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DATA_DIR = process.env.NAS_DATA ?? path.resolve(__dirname, '../../../../shared/data');

export interface LatencySet {
  device: string;
  /** Latency by NAS-Bench-201 index; undefined where the source has none. */
  ms: (number | undefined)[];
}

export function loadLatencySets(): { keys: string[]; sets: LatencySet[] } {
  const hw = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'nb201.json'), 'utf8')) as Record<string, Record<string, number | null>>;
  const help = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'nb201-help-latency.json'), 'utf8')) as { archs: string[]; latency_ms: Record<string, (number | null)[]> };
  const keys = help.archs;
  const byKey = new Map(Object.entries(hw));
  const sets: LatencySet[] = ['edgegpu_lat', 'raspi4_lat', 'pixel3_lat', 'edgetpu_lat', 'eyeriss_lat', 'fpga_lat'].map((field) => ({
    device: `hw:${field.replace(/_lat$/, '')}`,
    ms: keys.map((k) => {
      const v = byKey.get(k)?.[field];
      return typeof v === 'number' && v > 0 ? v : undefined;
    }),
  }));
  for (const [device, list] of Object.entries(help.latency_ms)) sets.push({ device: `help:${device}`, ms: list.map((v) => (typeof v === 'number' && v > 0 ? v : undefined)) });
  return { keys, sets };
}
