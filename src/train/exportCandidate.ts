// Exports an evaluated candidate: its decoded architecture and, where the model builder can build
// it, a TensorFlow.js model folder (model.json + weights.bin) to deploy or fine-tune.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CandidateRecord } from '../core/run/types';
import type { SearchSpace } from '../core/space/searchSpace';
import type { ArchitectureGraph } from '../core/space/types';

/**
 * Writes architecture.json (decoded graph, decisions, metrics) and, when the model builder can
 * build the graph, a TensorFlow.js model folder whose model.json topology is a Keras layers config.
 */
export async function exportCandidate(space: SearchSpace, record: CandidateRecord, outDir: string): Promise<{ files: string[]; warnings: string[] }> {
  const arch = { encoding: record.encoding };
  const graph = space.decode(arch);
  await fs.mkdir(outDir, { recursive: true });
  const files: string[] = [];
  const warnings: string[] = [];
  const archFile = path.join(outDir, 'architecture.json');
  const architecture = { space: space.name, key: record.key, encoding: record.encoding, values: space.values(arch), status: record.status, metrics: record.metrics, graph };
  await fs.writeFile(archFile, JSON.stringify(architecture, null, 2) + '\n');
  files.push(archFile);
  try {
    files.push(...(await saveTfjsModel(graph, outDir)));
  } catch (e) {
    warnings.push(`model.json was not written: ${(e as Error).message}`);
  }
  return { files, warnings };
}

/** model.json + weights.bin through tf.io.withSaveHandler (tfjs-node's file:// handler may be absent). */
async function saveTfjsModel(graph: ArchitectureGraph, outDir: string): Promise<string[]> {
  // Loaded only when exporting: TensorFlow.js takes a while to load and most requests never need it.
  const [tf, { buildModel }, { selectBackend }] = await Promise.all([import('@tensorflow/tfjs'), import('./modelBuilder'), import('./backend')]);
  await selectBackend();
  const model = buildModel(graph);
  const modelFile = path.join(outDir, 'model.json');
  const weightsFile = path.join(outDir, 'weights.bin');
  try {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = artifacts.weightData;
        const buffers = weights === undefined ? [] : Array.isArray(weights) ? weights : [weights];
        await fs.writeFile(weightsFile, Buffer.concat(buffers.map((b) => Buffer.from(b))));
        const json = { format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy, modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }] };
        await fs.writeFile(modelFile, JSON.stringify(json));
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
  } finally {
    model.dispose();
  }
  return [modelFile, weightsFile];
}
