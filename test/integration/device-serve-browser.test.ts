// The browser profiler for real: `nas device serve` in a child process, its URL opened in headless
// Chromium (the Debian package; the test skips without it), the page profiles the space's
// operators on TensorFlow.js's wasm backend and posts them, the profile arrives in
// .nas/devices/, and a search then uses latency_ms@<that device>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { chromium } from 'playwright-core';
import { validateDeviceProfile } from '../../src/hardware/deviceProfile';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TINY = [
  "import { choice, conv, defineSpace, globalAvgPool } from 'nas-workbench';",
  "export default defineSpace({ name: 'tiny', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: choice(4, 8), kernel: choice(1, 3) }), conv({ filters: choice(4, 8), kernel: 3 }), globalAvgPool()] });",
].join('\n');

test('a device profiled in headless Chromium arrives in .nas/devices and a search uses latency_ms@<device>', { skip: fs.existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`, timeout: 240_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-serve-'));
  fs.writeFileSync(path.join(dir, 'tiny.nasspace.ts'), TINY);
  const server = spawn(process.execPath, [nas, 'device', 'serve', '--space', 'tiny.nasspace.ts', '--name', 'chromium', '--samples', '4', '--calibrate', '3', '--events'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const events: Record<string, unknown>[] = [];
  const next = (name: string) => new Promise<Record<string, unknown>>((resolve, reject) => {
    const seen = events.find((e) => e.event === name);
    if (seen) return resolve(seen);
    const onLine = (line: string) => {
      const e = JSON.parse(line) as Record<string, unknown>;
      if (e.event === name) resolve(e);
    };
    lines.on('line', onLine);
    server.once('exit', (code) => reject(new Error(`nas device serve exited (${code}) before '${name}': ${stderr}`)));
  });
  const lines = readline.createInterface({ input: server.stdout });
  lines.on('line', (l) => events.push(JSON.parse(l) as Record<string, unknown>));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const listening = await next('listening');
    const url = String(listening.url);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{20,}\/$/);
    assert.match(String(listening.qrSvg), /^<svg/);
    const page = await browser.newPage();
    const t0 = Date.now();
    await page.goto(`${url}?backend=wasm&autostart=1`);
    // A page that stops (an error it shows) fails the test at once rather than at its timeout.
    const stopped = page.waitForFunction(() => document.title === 'Profile stopped', undefined, { timeout: 0 }).then(async () => {
      throw new Error(`the page stopped: ${await page.textContent('#error')}`);
    });
    const done = await Promise.race([next('done'), stopped]);
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(await page.title(), 'Profile done');
    const file = path.join(dir, '.nas', 'devices', 'chromium.json');
    assert.equal(done.file, file);
    const profile = validateDeviceProfile(JSON.parse(fs.readFileSync(file, 'utf8')), file);
    assert.equal(profile.backend, 'wasm');
    assert.equal(profile.measured.how, 'browser');
    assert.match(profile.description, /Chrome/);
    assert.equal(profile.measurements?.length, 3);
    assert.ok(Object.keys(profile.table).length >= 3 && Object.values(profile.table).every((ms) => ms > 0), JSON.stringify(profile.table));
    const progress = events.filter((e) => e.event === 'progress');
    assert.ok(progress.length >= 3, 'progress is reported as chunks arrive');
    console.log(`# profiled ${Object.keys(profile.table).length} operator units and 3 candidates in headless Chromium (wasm) in ${seconds.toFixed(1)} s`);
  } finally {
    await browser.close();
    server.kill();
  }

  // Every architecture of the tiny space in a table, so the search is quick; the latency is the device's.
  const { space } = await loadSpaceFile(path.join(dir, 'tiny.nasspace.ts'));
  const keys = [...space.enumerate()].map((a) => space.key(a));
  fs.writeFileSync(path.join(dir, 'table.json'), JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, { acc: i }]))));
  const search = spawnSync(process.execPath, [nas, 'search', 'tiny.nasspace.ts', '--estimator', 'table:table.json', '--strategy', 'random', '--budget', '4', '--objective', 'max:acc', '--objective', 'min:latency_ms@chromium', '--device', 'chromium', '--out', 'run', '--json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(search.status, 0, search.stderr);
  const records = fs.readFileSync(path.join(dir, 'run', 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { status: string; metrics: Record<string, number> });
  assert.equal(records.length, 4);
  assert.ok(records.every((r) => r.status === 'ok' && r.metrics['latency_ms@chromium'] > 0), JSON.stringify(records));
});
