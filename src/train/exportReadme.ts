// The README.md of an exported candidate: which weights it holds, what they score, and code that
// loads it. tf.loadLayersModel('file://...') works with tfjs-node only (plain @tensorflow/tfjs
// has no file:// handler and fails with "fetch failed"), so the Node snippet reads the two files
// itself and hands them to tf.io.fromMemory, as layersModelFiles.ts does; a test runs the snippet.
import type { ProxySettings } from './proxySettings';

export interface ExportFacts {
  kind: 'scored' | 'trained' | 'untrained';
  /** One line saying which weights the model holds. */
  weightsLine: string;
  valAcc?: number;
  valLoss?: number;
  /** How the weights were trained (none: untrained). */
  training: ProxySettings | undefined;
  classNames?: string[];
  run: string;
  candidate: { index: number; key: string };
  space: string;
  /** [H, W, C] of one input image the model takes. */
  input: number[];
  /** [H, W, C] of the architecture's input: larger than `input` when trained down-scaled. */
  architectureInput: number[];
  /** Why `input` is smaller than `architectureInput`, and how to feed the model (inputNote); absent when they are equal. */
  inputNote?: string;
  classes: number;
  parameters: { total: number; trainable: number; batchNormStatistics: number };
  customLayers: string[];
}

/** The Node loader of the README, in plain @tensorflow/tfjs (exported for the test that runs it). */
export const NODE_LOADER = `const fs = require('node:fs');
const path = require('node:path');
const tf = require('@tensorflow/tfjs');

// Plain @tensorflow/tfjs has no file:// handler: read model.json and weights.bin, load from memory.
async function loadModel(dir) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const bytes = Buffer.concat(json.weightsManifest.flatMap((group) => group.paths).map((p) => fs.readFileSync(path.join(dir, p))));
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
}
`;

const count = (n: number) => n.toLocaleString('en-US');
const size = (shape: readonly number[]) => shape.join('x');

/** How many times smaller each side of `input` is than the architecture's; 1 when it is not down-scaled. */
export function downscaleOf(input: readonly number[], architectureInput: readonly number[]): number {
  return input[0] > 0 && architectureInput[0] > input[0] ? architectureInput[0] / input[0] : 1;
}

/**
 * The plain words for a model trained at a down-scaled proxy input (e.g. 14x14 for a 28x28
 * architecture): the size it takes, why, and how to feed it or get one at full size. A user who
 * feeds it full-size images gets a shape error, or worse, with a global pooling head, wrong
 * answers without one.
 */
export function inputNote(input: readonly number[], architectureInput: readonly number[]): string | undefined {
  const f = downscaleOf(input, architectureInput);
  if (f === 1) return undefined;
  return `This model takes ${size(input)} images, not the architecture's ${size(architectureInput)}: its weights were trained at the run's proxy input, down-scaled ${f}x (downscale=${f}) to make scoring cheaper. Shrink your images the same way (the mean of each ${f}x${f} block: tf.avgPool(images, ${f}, ${f}, 'valid')), or export with --train downscale=1 (in the editor: Train now with… downscale=1) for a model at full size.`;
}

export function exportReadme(f: ExportFacts): string {
  const [h, w, c] = f.input;
  const down = f.inputNote ? downscaleOf(f.input, f.architectureInput) : 1;
  const p = f.parameters;
  const t = f.training;
  const lines = [
    `# ${f.space}: candidate #${f.candidate.index} of run ${f.run}`,
    '',
    `**Weights: ${f.weightsLine}.**`,
    '',
    ...(f.inputNote ? [`**Input size: ${f.inputNote}**`, ''] : []),
    ...(f.kind === 'untrained' ? ['These weights are not trained: the model predicts nothing useful until you train it.', ''] : []),
    ...(f.valAcc !== undefined ? [`Validation accuracy: ${f.valAcc.toFixed(4)}${f.valLoss !== undefined ? ` (loss ${f.valLoss.toFixed(4)})` : ''}, on ${t?.validationSubset ?? '?'} held-out samples of ${t?.dataset ?? '?'}.`, ''] : []),
    ...(t ? [`Training: ${t.epochs} epoch(s), ${t.subset} samples, batch ${t.batchSize}, ${t.optimizer} at ${t.learningRate} (${t.schedule}), seed ${t.seed}${t.downscale !== 1 ? `, input down-scaled ${t.downscale}x` : ''}${t.widthMultiplier !== 1 ? `, widths x${t.widthMultiplier}` : ''}; all settings in export.json.`, ''] : []),
    `Parameters: ${count(p.total)} in all, ${count(p.trainable)} trainable + ${count(p.batchNormStatistics)} batch-norm moving statistics (means and variances, not trained).`,
    '',
    `Input: float32 images [batch, ${h}, ${w}, ${c}], pixel values in [0, 1] as in training${f.inputNote ? ` (down-scaled from ${size(f.architectureInput)}: see "Input size" above)` : ''}. Output: ${f.classes} class probabilities${f.classNames ? ` (${f.classNames.join(', ')})` : ''}.`,
    '',
    ...(f.customLayers.length ? [`This model uses layer classes of nas-workbench's own (${f.customLayers.join(', ')}): register them with tf.serialization.registerClass before loading it (their code is in nas-workbench's src/train/).`, ''] : []),
    'Files: `model.json` (topology and weights manifest, TensorFlow.js layers format), `weights.bin`, `architecture.json` (the decoded candidate and its metrics), `export.json` (everything above, machine-readable).',
    '',
    '## Node, with plain @tensorflow/tfjs',
    '',
    '```js',
    NODE_LOADER.trimEnd(),
    '',
    'loadModel(__dirname).then((model) => {',
    ...(down > 1
      ? [`  const image = tf.avgPool(tf.zeros([1, ${f.architectureInput.join(', ')}]), ${down}, ${down}, 'valid'); // your ${size(f.architectureInput.slice(0, 2))} image here, down-scaled as in training`]
      : [`  const image = tf.zeros([1, ${h}, ${w}, ${c}]); // your image here`]),
    '  model.predict(image).argMax(-1).print();',
    '});',
    '```',
    '',
    '## Node, with @tensorflow/tfjs-node',
    '',
    '```js',
    "const tf = require('@tensorflow/tfjs-node');",
    "const path = require('node:path');",
    "tf.loadLayersModel('file://' + path.join(__dirname, 'model.json')).then((model) => model.summary());",
    '```',
    '',
    '## Browser',
    '',
    'Serve this folder over HTTP (e.g. `npx http-server .`), then:',
    '',
    '```html',
    '<script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs/dist/tf.min.js"></script>',
    '<script>',
    "  tf.loadLayersModel('model.json').then((model) => {",
    `    model.predict(tf.zeros([1, ${h}, ${w}, ${c}])).argMax(-1).print();`,
    '  });',
    '</script>',
    '```',
    '',
  ];
  return lines.join('\n');
}
