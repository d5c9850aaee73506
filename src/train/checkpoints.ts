// What a candidate trained to a fidelity level leaves for its promotion: its weights and its
// optimizer's state (Adam's moments and step count) after the level's last epoch, before batch-norm
// recalibration, so continuing is the same training as one run straight through. Kept in memory
// for the few most recent candidates and on disk under the run folder (checkpoints/), so a
// resumed run continues a promoted candidate too. Each candidate keeps its latest level only, and
// none once it reached the highest; those never promoted stay until the run folder is deleted.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export interface Checkpoint {
  /** Epochs trained so far. */
  epochs: number;
  weights: tf.Tensor[];
  optimizer: { name: string; tensor: tf.Tensor }[];
}

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

interface CheckpointFile {
  key: string;
  epochs: number;
  weights: TensorEntry[];
  optimizer: TensorEntry[];
  /** Float32 values in the .bin, all tensors in order. */
  values: number;
}

/** Candidates kept in memory (the rest are read back from disk). */
const IN_MEMORY = 4;

export class CheckpointStore {
  private readonly memory = new Map<string, Checkpoint>();
  private dir?: string;

  /** `folder`: the run folder (checkpoints go in its checkpoints/), or none: memory only. */
  useFolder(folder: string): void {
    this.dir = path.join(folder, 'checkpoints');
  }

  /** A copy of the candidate's checkpoint of fewer than `epochs` epochs (the caller disposes it), or undefined. */
  load(key: string, epochs: number): Checkpoint | undefined {
    const held = this.memory.get(key) ?? this.read(key);
    if (!held || held.epochs >= epochs) return undefined;
    return { epochs: held.epochs, weights: held.weights.map((t) => t.clone()), optimizer: held.optimizer.map(({ name, tensor }) => ({ name, tensor: tensor.clone() })) };
  }

  async save(key: string, epochs: number, model: tf.LayersModel, optimizer: tf.Optimizer): Promise<void> {
    const checkpoint: Checkpoint = {
      epochs,
      weights: model.getWeights().map((t) => t.clone()),
      optimizer: (await optimizer.getWeights()).map(({ name, tensor }) => ({ name, tensor: tensor.clone() })),
    };
    this.forget(key);
    this.memory.set(key, checkpoint);
    while (this.memory.size > IN_MEMORY) this.forget(this.memory.keys().next().value!);
    if (this.dir) this.write(key, checkpoint);
  }

  /** Forgets the candidate's checkpoint, on disk too (it reached the highest level: nothing continues from it). */
  drop(key: string): void {
    this.forget(key);
    if (!this.dir || !fs.existsSync(this.dir)) return;
    const base = path.basename(this.file(key));
    for (const f of fs.readdirSync(this.dir)) if (f.startsWith(`${base}.`)) fs.rmSync(path.join(this.dir, f), { force: true });
  }

  /** Disposes a checkpoint `load` returned. */
  static release(c: Checkpoint): void {
    tf.dispose([...c.weights, ...c.optimizer.map((n) => n.tensor)]);
  }

  dispose(): void {
    for (const key of [...this.memory.keys()]) this.forget(key);
  }

  private forget(key: string): void {
    const held = this.memory.get(key);
    if (!held) return;
    this.memory.delete(key);
    tf.dispose([...held.weights, ...held.optimizer.map((n) => n.tensor)]);
  }

  private file(key: string): string {
    return path.join(this.dir!, createHash('sha1').update(key).digest('hex').slice(0, 20));
  }

  /** The .bin first, then the .json by rename, so a kill leaves the previous checkpoint or the new one, never half of one. */
  private write(key: string, c: Checkpoint): void {
    fs.mkdirSync(this.dir!, { recursive: true });
    const all = [...c.weights, ...c.optimizer.map((n) => n.tensor)];
    const values = new Float32Array(all.reduce((s, t) => s + t.size, 0));
    let at = 0;
    for (const t of all) {
      values.set(t.dataSync(), at);
      at += t.size;
    }
    const entry = (name: string, t: tf.Tensor): TensorEntry => ({ name, shape: t.shape, dtype: t.dtype === 'int32' ? 'int32' : 'float32' });
    const meta: CheckpointFile = { key, epochs: c.epochs, weights: c.weights.map((t, i) => entry(String(i), t)), optimizer: c.optimizer.map((n) => entry(n.name, n.tensor)), values: values.length };
    const base = this.file(key);
    fs.writeFileSync(`${base}.${c.epochs}.bin`, Buffer.from(values.buffer));
    fs.writeFileSync(`${base}.json.tmp`, JSON.stringify(meta));
    fs.renameSync(`${base}.json.tmp`, `${base}.json`);
    for (const old of fs.readdirSync(this.dir!)) if (old.startsWith(path.basename(base)) && old.endsWith('.bin') && old !== path.basename(`${base}.${c.epochs}.bin`)) fs.rmSync(path.join(this.dir!, old), { force: true });
  }

  private read(key: string): Checkpoint | undefined {
    if (!this.dir) return undefined;
    const base = this.file(key);
    let meta: CheckpointFile;
    let bytes: Buffer;
    try {
      meta = JSON.parse(fs.readFileSync(`${base}.json`, 'utf8')) as CheckpointFile;
      bytes = fs.readFileSync(`${base}.${meta.epochs}.bin`);
    } catch {
      return undefined;
    }
    if (meta.key !== key || bytes.length !== meta.values * 4) return undefined;
    const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    let at = 0;
    const tensor = (e: TensorEntry) => {
      const size = e.shape.reduce((a, b) => a * b, 1);
      const part = values.subarray(at, at + size);
      at += size;
      return e.dtype === 'int32' ? tf.tensor(Int32Array.from(part), e.shape, 'int32') : tf.tensor(part, e.shape, 'float32');
    };
    const checkpoint: Checkpoint = { epochs: meta.epochs, weights: meta.weights.map(tensor), optimizer: meta.optimizer.map((e) => ({ name: e.name, tensor: tensor(e) })) };
    this.memory.set(key, checkpoint);
    while (this.memory.size > IN_MEMORY) this.forget(this.memory.keys().next().value!);
    return checkpoint;
  }
}
