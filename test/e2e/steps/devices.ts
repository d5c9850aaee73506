// Devices in the editor: a profile made with `nas device fit` appears under the tree's "Devices"
// node with its backend and measured error, and a search whose space file names the device
// (`hardware: { devices: ['edge'] }`) shows the predicted `latency_ms@edge` in the panel.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answer, nb201Table, palette, quickOpen, repo, screenshot, step, type E2eContext } from '../driver';

/** A made-up device whose latency is known per cell edge (as in test/integration/cli-device.test.ts). */
const syntheticMs = (key: string) => 2 + 15 * (key.split('nor_conv_3x3').length - 1) + 4.5 * (key.split('nor_conv_1x1').length - 1) + 1.5 * (key.split('avg_pool_3x3').length - 1);

export async function devicesSteps({ page, workspace }: E2eContext): Promise<void> {
  const spaceFile = 'nb201-edge.nasspace.ts';
  const fitted = await step('a device profile made with nas device fit is listed under Devices with its backend and error', async () => {
    const source = fs.readFileSync(path.join(workspace, 'nas-bench-201.nasspace.ts'), 'utf8')
      .replace("name: 'nas-bench-201'", "name: 'nb201-edge'")
      .replace("objectives: ['max:c10_valid', 'min:edgegpu_lat'] }", "objectives: ['max:c10_valid', 'min:latency_ms@edge'] },\n  hardware: { devices: ['edge'] }");
    if (!source.includes("devices: ['edge']")) throw new Error('could not derive the device space from nas-bench-201.nasspace.ts');
    fs.writeFileSync(path.join(workspace, spaceFile), source);
    const keys = Object.keys(JSON.parse(nb201Table().toString('utf8')) as Record<string, unknown>);
    fs.writeFileSync(path.join(workspace, 'edge-measured.csv'), `key,ms\n${keys.filter((_, i) => i % 400 === 7).map((k) => `${k},${syntheticMs(k)}`).join('\n')}\n`);
    const fit = spawnSync(process.execPath, [path.join(repo, 'bin', 'nas.js'), 'device', 'fit', 'edge', '--space', spaceFile, '--measurements', 'edge-measured.csv', '--backend', 'edge-gpu'], { cwd: workspace, encoding: 'utf8' });
    if (fit.status !== 0) throw new Error(`nas device fit failed: ${fit.stderr}`);
    const row = page.locator('.monaco-tl-row', { hasText: /edge[\s\S]*edge-gpu[\s\S]*MAPE/ }).first();
    // The file watcher brings it; on a busy machine it can miss a file written from outside, and
    // NAS: Refresh is then what a user does.
    let refreshed = '';
    if (!(await row.waitFor({ timeout: 15_000 }).then(() => true, () => false))) {
      await palette(page, 'NAS: Refresh');
      refreshed = ' (after NAS: Refresh)';
    }
    await row.waitFor({ timeout: 30_000 });
    await screenshot(page, 'devices-tree');
    return `${(await row.textContent())?.trim()}${refreshed}`;
  });
  if (!fitted) return;

  await step('a search on the predicted latency of the space file\'s device shows latency_ms@edge in the panel', async () => {
    await quickOpen(page, spaceFile);
    await palette(page, 'NAS: Start Search');
    await answer(page, /search space/, 'nb201-edge');
    await answer(page, /strategy/);
    await answer(page, /budget/, '20');
    await answer(page, /estimator/);
    await answer(page, /objectives/);
    await answer(page, /constraints/);
    // The run that names the device: its folder, then its first candidate.
    const runsDir = path.join(workspace, '.nas', 'runs');
    const runOf = () => (fs.existsSync(runsDir) ? fs.readdirSync(runsDir).map((d) => path.join(runsDir, d)).find((d) => fs.existsSync(path.join(d, 'run.json')) && fs.readFileSync(path.join(d, 'run.json'), 'utf8').includes('latency_ms@edge')) : undefined);
    let run: string | undefined;
    let line: string | undefined;
    for (let i = 0; i < 300 && !line; i++) {
      run ??= runOf();
      line = run && fs.existsSync(path.join(run, 'candidates.jsonl')) ? fs.readFileSync(path.join(run, 'candidates.jsonl'), 'utf8').split('\n').find(Boolean) : undefined;
      if (!line) await page.waitForTimeout(200);
    }
    if (!run || !line) throw new Error(`no run with a candidate recorded latency_ms@edge in ${runsDir}`);
    const first = JSON.parse(line) as { metrics: Record<string, number> };
    if (typeof first.metrics['latency_ms@edge'] !== 'number') throw new Error(`the run's first candidate has no latency_ms@edge: ${line}`);
    // Only the panel's own document (the editor shows the space file, which names the metric too).
    let found = '';
    for (let i = 0; i < 300 && !found; i++) {
      for (const f of page.frames()) {
        const text = await f.evaluate(() => (document.querySelector('[data-testid="nas-status"]') ? document.body.innerText : '')).catch(() => '');
        const m = /latency_ms@edge[^\n]{0,40}/.exec(text);
        if (m) found = m[0];
      }
      if (!found) await page.waitForTimeout(200);
    }
    if (!found) throw new Error('the panel never showed latency_ms@edge');
    await screenshot(page, 'devices-search');
    return `panel: "${found}"; first candidate latency_ms@edge=${first.metrics['latency_ms@edge'].toFixed(1)}`;
  });
}
