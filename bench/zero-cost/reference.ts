// The reference of the Fashion-MNIST zero-cost bench: each candidate's proxy-training accuracy
// under the space file's `train` settings (one epoch over the 6,000 built-in images at half
// size), `repeats` seeds averaged, cached by candidate key and settings so the bench can be
// re-run, or the reference filled by a separate process, without retraining.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Architecture, ArchitectureGraph } from '../../src/core/space/types';
import { ProxyEstimator } from '../../src/train/proxyEstimator';
import type { ProxySettings } from '../../src/train/proxySettings';

export interface Candidate { key: string; arch: Architecture; graph: ArchitectureGraph }

export interface ReferenceScore { valAcc: number; seconds: number }

export function describeReference(s: ProxySettings): string {
  return `proxy training: epochs=${s.epochs}, subset=${s.subset}, downscale=${s.downscale}, lr=${s.learningRate}, ${s.schedule}, batch ${s.batchSize}, repeats=${s.repeats} (seeds ${s.seed}..${s.seed + s.repeats - 1}), validation ${s.validationSubset} built-in images`;
}

/** Each candidate's reference accuracy (NaN when its training failed), computed or read from `cacheFile`. */
export async function referenceScores(candidates: readonly Candidate[], settings: ProxySettings, cacheFile: string, log: (line: string) => void): Promise<ReferenceScore[]> {
  const tag = describeReference(settings);
  const cache: Record<string, ReferenceScore> = fs.existsSync(cacheFile) ? JSON.parse(fs.readFileSync(cacheFile, 'utf8')) : {};
  const proxy = new ProxyEstimator(settings);
  const scores: ReferenceScore[] = [];
  try {
    for (const [i, c] of candidates.entries()) {
      const id = `${tag}|${c.key}`;
      if (!cache[id]) {
        const start = performance.now();
        const r = await proxy.evaluate({ key: c.key, encoding: [...c.arch.encoding], graph: c.graph });
        cache[id] = { valAcc: r.status === 'ok' ? r.metrics.val_acc : NaN, seconds: (performance.now() - start) / 1000 };
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(cacheFile, JSON.stringify(cache, null, 1));
        log(`[reference ${i + 1}/${candidates.length}] ${c.key} val_acc ${cache[id].valAcc.toFixed(4)} in ${cache[id].seconds.toFixed(1)} s`);
      }
      scores.push(cache[id]);
    }
  } finally {
    await proxy.dispose();
  }
  return scores;
}
