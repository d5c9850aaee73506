import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunInfo } from '../../src/core/run/types';
import { LineCounter, listRuns, readRunCandidates, readRunInfo } from '../../src/extension/runFiles';

const info = (runId: string, createdAt: string): RunInfo => ({
  runId, createdAt, toolVersion: '0.1.0', spaceFile: '/s.nasspace.ts', spaceHash: 'h', spaceName: 's', spaceSize: '10',
  settings: { strategy: 'random', budget: 5, seed: 1, estimator: 'proxy', objectives: ['max:acc'], constraints: [] },
});

function makeRuns(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-runs-'));
  const write = (id: string, created: string, lines: string) => {
    fs.mkdirSync(path.join(dir, id));
    fs.writeFileSync(path.join(dir, id, 'run.json'), JSON.stringify(info(id, created)));
    fs.writeFileSync(path.join(dir, id, 'candidates.jsonl'), lines);
  };
  const line = (i: number) => JSON.stringify({ index: i, key: `k${i}`, encoding: [i], status: 'ok', metrics: { acc: i / 10 }, startedAt: 0, durationMs: 1 });
  write('old', '2024-01-01T00:00:00Z', `${line(0)}\n`);
  write('new', '2025-01-01T00:00:00Z', `${line(0)}\n${line(1)}\n{"index":2,"ke`);
  fs.mkdirSync(path.join(dir, 'broken'));
  fs.writeFileSync(path.join(dir, 'broken', 'run.json'), '{ not json');
  return dir;
}

test('runs are listed newest first and a broken folder is reported, not thrown', async () => {
  const dir = makeRuns();
  const problems: string[] = [];
  const runs = await listRuns(dir, (p) => problems.push(p));
  assert.deepEqual(runs.map((r) => r.info.runId), ['new', 'old']);
  assert.deepEqual(runs.map((r) => r.evaluated), [2, 1]);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /broken.*run\.json: not valid JSON/);
});

test('candidates are read with the torn last line skipped', async () => {
  const dir = makeRuns();
  const { records, warnings } = await readRunCandidates(path.join(dir, 'new'));
  assert.deepEqual(records.map((r) => r.key), ['k0', 'k1']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /new\/candidates\.jsonl:3: skipped a torn last line/);
  assert.deepEqual(await readRunCandidates(path.join(dir, 'missing')), { records: [], warnings: [] });
});

test('a run.json with a wrong field names the field', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-run-'));
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ ...info('x', 'y'), settings: { budget: 'lots' } }));
  await assert.rejects(readRunInfo(dir), /run\.json\.settings\.strategy: expected a string/);
});

test('a missing runs folder is an empty list', async () => {
  assert.deepEqual(await listRuns(path.join(os.tmpdir(), 'no-such-nas-runs-folder')), []);
});

test('the line counter reads only what was appended, finishes a torn line later, and starts over when a file shrinks', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nas-lines-')), 'candidates.jsonl');
  const counter = new LineCounter();
  assert.equal(await counter.count(file), 0);
  fs.writeFileSync(file, 'a\nb');
  assert.equal(await counter.count(file), 1);
  fs.appendFileSync(file, '\nc\n' + 'x'.repeat(3 << 20) + '\n');
  assert.equal(await counter.count(file), 4);
  assert.equal(await counter.count(file), 4);
  // Only bytes past the last count are read: a newline overwritten before them goes unnoticed.
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, 'ab', 0);
  fs.closeSync(fd);
  assert.equal(await counter.count(file), 4);
  fs.writeFileSync(file, '1\n2\n');
  assert.equal(await counter.count(file), 2);
  // A torn last line cut off and replaced by a shorter whole line (as a resume does) is counted once.
  fs.writeFileSync(file, '1\n2\n' + 'torn-and-long');
  assert.equal(await counter.count(file), 2);
  fs.truncateSync(file, 4);
  fs.appendFileSync(file, '3\n' + 'x'.repeat(20) + '\n');
  assert.equal(await counter.count(file), 4);
  fs.rmSync(file);
  assert.equal(await counter.count(file), 0);
});
