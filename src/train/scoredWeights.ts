// The weights a proxy candidate was scored with: its seed-0 training (repeat 0, trained on the
// estimator's own thread), after batch-norm recalibration, as validated. Kept under the run
// folder (core/run/runFolder.ts) so `nas export` and the editor's Export Candidate can write the
// model the panel's val_acc belongs to. A candidate evaluated at several fidelity levels keeps
// its latest. The cost is the model's float32 weights per candidate (e.g. 3.4 MB for an
// 858k-parameter NAS-Bench-201 network); `--train keepWeights=0` turns it off. A `nas worker`
// evaluating through a queue keeps them in a scratch folder and sends them to the search's run
// folder with the result (runtime/pools/queueWeights.ts).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { replaceScoredWeights, scoredWeightsDir, SCORED_WEIGHTS_INFO, type ScoredWeightsInfo } from '../core/run/runFolder';
import { loadLayersModel, saveLayersModel } from './layersModelFiles';

export function keepScoredWeights(runDir: string, model: tf.LayersModel, info: ScoredWeightsInfo): Promise<void> {
  return replaceScoredWeights(runDir, info.key, async (dir) => {
    await saveLayersModel(model, dir);
    await fs.writeFile(path.join(dir, SCORED_WEIGHTS_INFO), JSON.stringify(info, null, 2) + '\n');
  });
}

export function loadScoredModel(runDir: string, key: string): Promise<tf.LayersModel> {
  return loadLayersModel(scoredWeightsDir(runDir, key));
}
