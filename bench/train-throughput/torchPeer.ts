// The PyTorch side of bench:train: one long-lived /usr/bin/python3 process running
// bench/pytorch/train_throughput.py --serve, asked to measure one network at a time so its
// measurements can be interleaved with ours (on a shared, noisy machine both then see the same load).
import { spawn, spawnSync, ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { NetworkSpec } from './networks';

export const PYTHON = '/usr/bin/python3';

export interface PeerFigures { trainSamplesPerSec: number; inferMedianMs?: number; inferIqrMs?: number }

export class TorchPeer {
  private readonly lines: AsyncIterator<string>;
  private constructor(private readonly proc: ChildProcessWithoutNullStreams, private readonly dir: string, readonly version: string, lines: AsyncIterator<string>) {
    this.lines = lines;
  }

  /** Starts the peer, or returns why it cannot run. */
  static async start(networks: NetworkSpec[], opts: { threads: number; batch: number; seconds: number }): Promise<TorchPeer | string> {
    const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      return `PyTorch not found at ${PYTHON} (${probe.error?.message ?? probe.stderr.trim().split('\n').pop()}); install it with: apt-get install -y python3-torch`;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-bench-'));
    const specFile = path.join(dir, 'networks.json');
    fs.writeFileSync(specFile, JSON.stringify(networks));
    // out/bench/train-throughput/torchPeer.js -> repository root -> bench/pytorch
    const script = path.resolve(__dirname, '../../../bench/pytorch/train_throughput.py');
    const proc = spawn(PYTHON, [script, specFile, '--threads', String(opts.threads), '--batch', String(opts.batch), '--seconds', String(opts.seconds), '--serve']);
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const lines = readline.createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) return `PyTorch peer exited before answering: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
    const hello = JSON.parse(first.value) as { torchVersion: string; threads: number };
    return new TorchPeer(proc, dir, `${hello.torchVersion}, ${hello.threads} thread(s)`, lines);
  }

  async measure(name: string, withInference: boolean): Promise<PeerFigures> {
    this.proc.stdin.write(`${name}${withInference ? '' : ' train'}\n`);
    const answer = await this.lines.next();
    if (answer.done) throw new Error(`PyTorch peer exited while measuring '${name}'`);
    const figures = JSON.parse(answer.value) as PeerFigures & { error?: string };
    if (figures.error) throw new Error(`PyTorch peer: ${figures.error}`);
    return figures;
  }

  close(): void {
    this.proc.stdin.end();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
