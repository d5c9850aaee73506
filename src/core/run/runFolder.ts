// Where a run folder keeps what goes with its log: the seed-0 weights each proxy candidate was
// scored with, and the copy of the space file (and its helpers) the run was made from. One place
// for these paths: the search writes them, export, resume and the editor read them.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProxySettings } from '../estimate/estimators/proxy';
import type { RunInfo } from './types';

/** Folder of the weights a candidate was scored with: model.json, weights.bin, scored.json. */
export function scoredWeightsDir(runDir: string, key: string): string {
  return path.join(runDir, 'weights', createHash('sha1').update(key).digest('hex').slice(0, 20));
}

/**
 * Writes a candidate's scored-weights folder through `fill` beside the old one, then renames it
 * over: a kill leaves the old weights or the new ones, never half of each.
 */
export async function replaceScoredWeights(runDir: string, key: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const dir = scoredWeightsDir(runDir, key);
  const tmp = `${dir}.tmp`;
  await fs.promises.rm(tmp, { recursive: true, force: true });
  await fs.promises.mkdir(tmp, { recursive: true });
  await fill(tmp);
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.rename(tmp, dir);
}

/** The file in a scored-weights folder that says how they were trained and what they scored. */
export const SCORED_WEIGHTS_INFO = 'scored.json';

export interface ScoredWeightsInfo {
  key: string;
  /** The seed the weights were initialised and the data shuffled with (the settings' seed: repeat 0). */
  seed: number;
  /** Epochs trained (the fidelity level at which the candidate was scored last). */
  epochs: number;
  /** This training's own validation accuracy and loss (the run's val_acc is the mean over repeats). */
  valAcc: number;
  valLoss: number;
  /** The input the model takes (smaller than the architecture's when trained down-scaled). */
  inputShape: number[];
  settings: ProxySettings;
}

/** What the run kept of the weights `key` was scored with, or undefined when it kept none. */
export function readScoredWeightsInfo(runDir: string, key: string): ScoredWeightsInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(scoredWeightsDir(runDir, key), SCORED_WEIGHTS_INFO), 'utf8')) as ScoredWeightsInfo;
    return info.key === key ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Folder of the run's copy of its space file and helpers (copy.json says where the space file is in it). */
export function spaceCopyDir(runDir: string): string {
  return path.join(runDir, 'space');
}

/** copy.json: the space file's path inside the copy's files/ folder, and every file copied. */
export interface SpaceCopyManifest {
  spaceFile: string;
  files: string[];
}

export const SPACE_COPY_MANIFEST = 'copy.json';

/** The run's copy of its space file, or undefined for a run made before runs kept one. */
export function spaceCopyFile(runDir: string): string | undefined {
  const dir = spaceCopyDir(runDir);
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, SPACE_COPY_MANIFEST), 'utf8')) as SpaceCopyManifest;
    const file = path.join(dir, 'files', manifest.spaceFile);
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The space file to read a run's candidates with: its copy, which is the space the run was made
 * from whatever happened to the original since (renamed, edited, deleted); the recorded path for
 * a run without a copy.
 */
export function runSpaceFile(runDir: string, info: Pick<RunInfo, 'spaceFile'>): string {
  return spaceCopyFile(runDir) ?? info.spaceFile;
}
