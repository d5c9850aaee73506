// A TensorFlow.js layers model as a folder (model.json + weights.bin), written and read with
// plain @tensorflow/tfjs: its `file://` handler comes only with tfjs-node, and
// tf.loadLayersModel('file://...') fails with "fetch failed" without it. The exported README
// shows the same loading code (exportReadme.ts), and a test runs it.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** Writes model.json and weights.bin into `dir` (which must exist); returns their paths. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<string[]> {
  const modelFile = path.join(dir, MODEL_FILE);
  const weightsFile = path.join(dir, WEIGHTS_FILE);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData;
      const buffers = weights === undefined ? [] : Array.isArray(weights) ? weights : [weights];
      await fs.writeFile(weightsFile, Buffer.concat(buffers.map((b) => Buffer.from(b))));
      const json = { format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy, modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }] };
      await fs.writeFile(modelFile, JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return [modelFile, weightsFile];
}

/** Reads a folder saveLayersModel wrote (or any model.json whose weights are in one file next to it). */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await fs.readFile(path.join(dir, MODEL_FILE), 'utf8')) as tf.io.ModelJSON;
  const manifest = json.weightsManifest ?? [];
  const specs = manifest.flatMap((group) => group.weights);
  const parts = await Promise.all(manifest.flatMap((group) => group.paths).map((p) => fs.readFile(path.join(dir, p))));
  const bytes = Buffer.concat(parts);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}

/** Parameter counts of a built model: all of its weights, and the trainable ones; in the models buildModel makes the rest are batch-norm moving means and variances. */
export function parameterCounts(model: tf.LayersModel): { total: number; trainable: number; batchNormStatistics: number } {
  const size = (ws: tf.LayerVariable[]) => ws.reduce((s, w) => s + tf.util.sizeFromShape(w.shape as number[]), 0);
  const total = model.countParams();
  const trainable = size(model.trainableWeights);
  return { total, trainable, batchNormStatistics: total - trainable };
}
