// The NAS-Bench-201 latency data the few-measurement benchmark reads: HW-NAS-Bench's six devices
// (nb201.json) and HELP's device/batch pairs (nb201-help-latency.json), by NAS-Bench-201 index.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from '../../src/core/rng';
import type { ArchitectureGraph } from '../../src/core/space/types';
import { emptyProfile, type DeviceProfile } from '../../src/hardware/deviceProfile';
import { fitFeatureModel } from '../../src/hardware/latencyModel';

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

/** `n` of `pool` in a seeded random order. */
export function sample<T>(pool: readonly T[], n: number, seed: number): T[] {
  const rng = new Rng(seed);
  const copy = [...pool];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

/** HELP's meta-training devices for NAS-Bench-201 (its paper's split, none of its six test devices): the transfer sources. */
export const HELP_SOURCES = ['1080ti_1', '1080ti_32', '1080ti_256', 'silver_4114', 'silver_4210r', 'samsung_a50', 'pixel3', 'essential_ph_1', 'samsung_s7'];

/**
 * A profile per transfer source, as `nas device fit <source> --measurements <all its cells>`
 * makes it: it keeps every measured cell (and predicts those as measured); its feature model,
 * fitted here on 500 of them to save time, only answers for a cell it lacks (none here).
 */
export function helpSources(keys: readonly string[], sets: readonly LatencySet[], graphs: readonly ArchitectureGraph[]): DeviceProfile[] {
  return HELP_SOURCES.map((name) => {
    const s = sets.find((x) => x.device === `help:${name}`)!;
    const all = s.ms.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0);
    const model = fitFeatureModel(sample(all, 500, 99).map((i) => ({ graph: graphs[i], ms: s.ms[i]! }))).model;
    return { ...emptyProfile(name, 'measured', `HELP ${name}`, 'measurements'), model, measurements: all.map((i) => ({ key: keys[i], ms: s.ms[i]! })) };
  });
}
