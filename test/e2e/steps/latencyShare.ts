// Latency shares in the drawing (issue 14, part 3): a run that names a device whose profile has
// an operator table shows, in the hover of a cell's node, that node's milliseconds and share of
// the device's predicted latency with the device's name. The profile is made up (every unit the
// space produces, at a known cost, conv + batch norm fused), so the step needs no profiling.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyProfile } from '../../../src/hardware/deviceProfile';
import { clickUntilShown, foldRuns, palette, repo, screenshot, scrolledAway, step, webview, type E2eContext } from '../driver';

export async function latencyShareSteps({ page, workspace }: E2eContext): Promise<void> {
  await step('a run with a device that has an operator table shows each cell node\'s latency share on that device in its hover', async () => {
    const spaceFile = 'nb201-tab.nasspace.ts';
    const source = fs.readFileSync(path.join(workspace, 'nas-bench-201.nasspace.ts'), 'utf8').replace("name: 'nas-bench-201'", "name: 'nb201-tab'");
    if (!source.includes("name: 'nb201-tab'")) throw new Error('could not derive the space from nas-bench-201.nasspace.ts');
    fs.writeFileSync(path.join(workspace, spaceFile), source);
    const profileFile = path.join(workspace, '.nas', 'devices', 'tab.json');
    const profile = { ...emptyProfile('tab', 'synthetic', 'made up for the e2e: 0.2 ms a convolution, 0.03 ms any other op', 'node'), fusion: { 'conv2d>batchNorm': true } };
    fs.mkdirSync(path.dirname(profileFile), { recursive: true });
    fs.writeFileSync(profileFile, JSON.stringify(profile));
    // The units the space produces: what the empty table lacks for a sample of its cells.
    const cli = path.join(repo, 'dist', 'cli.js');
    const predicted = spawnSync(process.execPath, [cli, 'latency', 'predict', spaceFile, '--device', 'tab', '--sample', '300', '--json'], { cwd: workspace, encoding: 'utf8', timeout: 120_000 });
    const missing = (JSON.parse(predicted.stdout) as { predictions: { missing?: string[] }[] }).predictions.flatMap((p) => p.missing ?? []);
    if (!missing.length) throw new Error(`nas latency predict listed no operator units: ${predicted.stderr}`);
    for (const unit of missing) profile.table[unit] = unit.startsWith('conv2d') ? 0.2 : 0.03;
    fs.writeFileSync(profileFile, JSON.stringify(profile));
    execFileSync(process.execPath, [cli, 'search', spaceFile, '--strategy', 'random', '--budget', '3', '--device', 'tab', '--objective', 'max:c10_valid', '--objective', 'min:latency_ms@tab'], { cwd: workspace, stdio: 'ignore', timeout: 120_000 });

    await palette(page, 'NAS: Refresh');
    await foldRuns(page);
    const run = page.locator('.monaco-tl-row', { hasText: /nb201-tab · random/ }).first();
    const candidate = page.locator('.monaco-tl-row', { hasText: /latency_ms@tab/ }).first();
    await run.click({ timeout: 30_000 });
    // Its candidates load after the click: a second click only when they did not come (it would collapse the run).
    if (!(await candidate.waitFor({ timeout: 10_000 }).then(() => true, () => false))) await run.click();
    const detail = webview(page).locator('[data-testid="nas-detail"]');
    const dag = detail.locator('svg[data-testid="nas-cell-dag"]').first();
    // The drawing of this run's candidate: it says what its shares on tab are of.
    await clickUntilShown(candidate, detail.locator('.nas-device-latency', { hasText: 'latency on tab' }), "the nb201-tab candidate's drawing");
    await dag.waitFor({ timeout: 10_000 });
    const hovers = await dag.locator('g.nas-node title, g.nas-edge title').allTextContents();
    const share = hovers.map((h) => /latency on tab: [\d.]+ ms, [\d.]+% of the [\d.]+ ms predicted/.exec(h)?.[0]).find(Boolean);
    if (!share) throw new Error(`no hover in the cell gives a latency share on tab: ${JSON.stringify(hovers.slice(0, 3))}`);
    const total = (await detail.locator('.nas-device-latency').first().textContent()) ?? '';
    if (!/latency on tab: [\d.]+ ms predicted/.test(total)) throw new Error(`the drawing does not say what the shares are of: ${JSON.stringify(total)}`);
    await detail.scrollIntoViewIfNeeded().catch(scrolledAway);
    await screenshot(page, '08-latency-share');
    await webview(page).locator('[data-testid="nas-scatter"]').scrollIntoViewIfNeeded().catch(scrolledAway);
    return `${new Set(missing).size} units in the made-up table; hover: "${share}"; ${total}`;
  });
  // Folded again, so the runs later steps click stay in the tree's view.
  await foldRuns(page);
}
