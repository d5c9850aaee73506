// Latency is measured by one process of ours at a time on the machine: a measurement waits while
// another process holds the measurement lock, and starts once it lets go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { whileMeasuring } from '../../src/train/measurementLock';

const lockModule = path.resolve(__dirname, '..', '..', 'src', 'train', 'measurementLock.js');

test('a measurement waits for another process\'s measurement to end', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-measure-'));
  // The other process measures until told to stop on stdin.
  const holder = spawn(process.execPath, ['-e', `require(${JSON.stringify(lockModule)}).whileMeasuring(() => new Promise((r) => { console.log('measuring'); process.stdin.once('data', r); }), ${JSON.stringify(dir)})`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  holder.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => holder.once('exit', resolve));
  // Its "measuring" line, or its exit (with why) if it never got there.
  await new Promise<void>((resolve, reject) => {
    holder.stdout.once('data', () => resolve());
    void exited.then((code) => reject(new Error(`the holder exited (${code}) before measuring: ${stderr}`)));
  });
  let released = false;
  const mine = whileMeasuring(async () => released, dir, 5);
  // Ours cannot have started: it would have found `released` false.
  released = true;
  holder.stdin.end('done\n');
  assert.equal(await mine, true, 'measured only after the other process let go');
  await exited;
});

test('two measurements in one process do not overlap', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-measure-'));
  let running = 0;
  let most = 0;
  const measure = async () => {
    most = Math.max(most, ++running);
    await new Promise((r) => setImmediate(r));
    running--;
  };
  await Promise.all([whileMeasuring(measure, dir, 1), whileMeasuring(measure, dir, 1), whileMeasuring(measure, dir, 1)]);
  assert.equal(most, 1);
});
