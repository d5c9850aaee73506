// One `nas device serve` session: which operator units and candidates a browser is to time for a
// device, what it has posted so far, and the profile file that holds it. Every accepted post is
// saved at once (written whole and renamed), so a browser that goes away half-way loses nothing
// it posted, and serving the same device again continues where it stopped.
import * as fs from 'node:fs';
import type { ArchitectureGraph } from '../../core/space/types';
import { emptyProfile, type DeviceProfile } from '../../hardware/deviceProfile';
import { loadDeviceProfile, saveDeviceProfile } from '../../hardware/deviceStore';
import { adjacentPairs, distinctUnits, type OpUnitConfig } from '../../hardware/opUnits';
import { checkFusionPost, checkMeasurementsPost, checkTimingsPost, UNITS_PER_CHUNK, WireError, type FusionReply, type ProfilerPlan, type ProfilerProgress } from '../../hardware/profilerWire';
import { refit } from '../../hardware/tableRefit';
import type { Candidate } from '../deviceWork';

export interface SessionSetup {
  /** The device name (the profile's, and the metric's `latency_ms@<name>`). */
  name: string;
  file: string;
  /** The candidates whose operators are profiled. */
  candidates: readonly Candidate[];
  /** Candidates timed end to end for the correction. */
  calibration: readonly Candidate[];
  /** Decodes an architecture key of the space (measurements of another space are left out of the fit). */
  graphOf: (key: string) => ArchitectureGraph;
}

type Json = Record<string, unknown>;

export class ProfilerSession {
  readonly profile: DeviceProfile;
  private readonly graphs: ArchitectureGraph[];
  /** Set once the browser has posted its fusion rules (it always does first, an empty set included): every unit the candidates are made of. */
  private units?: OpUnitConfig[];
  private finishedAt?: string;

  constructor(private readonly setup: SessionSetup) {
    // The calibration candidates' units too: the correction is fitted on their table sums.
    this.graphs = [...setup.candidates, ...setup.calibration].map((c) => c.graph);
    this.profile = openBrowserProfile(setup.file, setup.name);
  }

  /** Bound once a browser has posted anything (or the profile continued was made on it). */
  get backend(): string | undefined {
    return this.profile.backend === UNBOUND ? undefined : this.profile.backend;
  }

  plan(): ProfilerPlan {
    return {
      device: this.setup.name,
      ...(this.backend ? { backend: this.backend } : {}),
      pairs: this.pairs().map(([kind, unit]) => ({ kind, unit })),
      calibration: this.setup.calibration.filter((c) => !this.measured(c.key)).map((c) => ({ key: c.key, graph: c.graph })),
      unitsPerChunk: UNITS_PER_CHUNK,
    };
  }

  fusion(body: Json): FusionReply {
    const post = checkFusionPost(body, new Set(this.pairs().map(([kind]) => kind)));
    this.bind(post.backend, post.agent);
    Object.assign(this.profile.fusion, post.fusion);
    this.units = distinctUnits(this.graphs, this.profile.fusion);
    this.save();
    return { units: this.missingUnits() };
  }

  timings(body: Json): ProfilerProgress {
    if (!this.units) throw new WireError(409, 'post the fusion rules first: the units to time depend on them');
    const post = checkTimingsPost(body, new Set(this.units.map((u) => u.signature)));
    this.bind(post.backend);
    Object.assign(this.profile.table, post.timings);
    this.save();
    return this.progress();
  }

  measurements(body: Json): ProfilerProgress {
    const post = checkMeasurementsPost(body, new Set(this.setup.calibration.map((c) => c.key)));
    this.bind(post.backend);
    const kept = (this.profile.measurements ??= []);
    for (const m of post.measurements) if (!this.measured(m.key)) kept.push(m);
    this.save();
    return this.progress();
  }

  /** The page says it is done; refused while something it was asked for is missing. */
  done(): ProfilerProgress {
    const missing = this.missing();
    if (missing.length) throw new WireError(409, `not done: ${missing.join(', ')} still missing`);
    this.finishedAt = new Date().toISOString();
    this.save();
    return this.progress();
  }

  progress(): ProfilerProgress {
    const units = this.units ?? [];
    return {
      ...(this.backend ? { backend: this.backend } : {}),
      units: { done: units.filter((u) => this.profile.table[u.signature] !== undefined).length, total: units.length },
      calibration: { done: this.setup.calibration.filter((c) => this.measured(c.key)).length, total: this.setup.calibration.length },
      finished: this.finishedAt !== undefined,
    };
  }

  /** What the browser has not posted yet, in words (empty when complete). */
  missing(): string[] {
    const p = this.progress();
    const out: string[] = [];
    if (!this.units) out.push('the fusion rules (nothing timed yet)');
    else if (p.units.done < p.units.total) out.push(`${p.units.total - p.units.done} of ${p.units.total} operator units`);
    if (p.calibration.done < p.calibration.total) out.push(`${p.calibration.total - p.calibration.done} of ${p.calibration.total} end-to-end candidates`);
    return out;
  }

  /** Whether anything was posted at all (a session nobody opened leaves no file behind). */
  get started(): boolean {
    return this.backend !== undefined;
  }

  private pairs(): [string, OpUnitConfig][] {
    return [...adjacentPairs(this.graphs)].filter(([kind]) => !(kind in this.profile.fusion));
  }

  private missingUnits(): OpUnitConfig[] {
    return (this.units ?? []).filter((u) => this.profile.table[u.signature] === undefined);
  }

  private measured(key: string): boolean {
    return (this.profile.measurements ?? []).some((m) => m.key === key);
  }

  /** The first post binds the session to its backend; a post from another backend would mix two devices in one table. */
  private bind(backend: string, agent?: string): void {
    if (this.backend === undefined) {
      this.profile.backend = backend;
      this.profile.measured = { how: 'browser', at: new Date().toISOString(), tool: `TensorFlow.js ${backend}` };
    } else if (backend !== this.backend) {
      throw new WireError(409, `this session profiles ${this.setup.name} on the ${this.backend} backend, not ${backend}; serve another device name for ${backend}`);
    }
    if (agent) this.profile.description = agent;
  }

  private save(): void {
    refit(this.profile, this.setup.graphOf);
    saveDeviceProfile(this.setup.file, this.profile);
  }
}

/** Backend of a profile no browser has posted to yet; never written (the first post binds it). */
const UNBOUND = '';

/** The profile at `file` to continue (it must be a browser's), or a new one. */
function openBrowserProfile(file: string, name: string): DeviceProfile {
  if (!fs.existsSync(file)) return emptyProfile(name, UNBOUND, '', 'browser');
  const profile = loadDeviceProfile(file);
  if (profile.measured.how !== 'browser') throw new Error(`${file}: this profile was made by ${profile.measured.how === 'node' ? "'nas device profile'" : "'nas device fit'"}, not in a browser; serve another device name (--name)`);
  if (profile.name !== name) throw new Error(`${file}: the profile is named '${profile.name}', not '${name}'`);
  return profile;
}
