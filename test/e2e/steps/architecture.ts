// The architecture drawn in the panel (issue 14, part 3): a NAS-Bench-201 candidate's cell as a
// DAG of 6 edges with its dead edges marked and hover details, two candidates compared with
// their differing decisions highlighted, and a MobileNetV2 candidate's block summary.
// architectureSteps needs the panel on the NAS-Bench-201 run with a candidate selected (it runs
// right after the base steps click a point); architectureBlockSteps makes a MobileNetV2 run of
// its own.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { type E2eContext, palette, repo, screenshot, scrolledAway, step, webview } from '../driver';

export async function architectureSteps(ctx: E2eContext): Promise<void> {
  const { page } = ctx;
  const wv = webview(page);
  const detail = wv.locator('[data-testid="nas-detail"]');

  await step('a NAS-Bench-201 candidate\'s cell is drawn as a DAG of 6 edges, dead edges marked, nodes with their costs on hover', async () => {
    const dag = detail.locator('svg[data-testid="nas-cell-dag"]');
    await dag.first().waitFor({ timeout: 30_000 });
    const edges = dag.first().locator('g.nas-edge');
    const n = await edges.count();
    if (n !== 6) throw new Error(`the cell has ${n} edges, not 6`);
    const ops = await edges.evaluateAll((gs) => gs.map((g) => ({ op: g.querySelector('text')?.textContent ?? '', dead: g.getAttribute('data-dead') === 'true', grey: g.classList.contains('dead') })));
    const wrong = ops.filter((e) => (e.op === 'none' && !e.dead) || e.dead !== e.grey);
    if (wrong.length) throw new Error(`edges not marked as they should be: ${JSON.stringify(wrong)}`);
    const hover = (await dag.first().locator('g.nas-node title').first().textContent()) ?? '';
    if (!/shape .*\n.*params · .*MACs/.test(hover)) throw new Error(`a node's hover lacks its shape and costs: ${JSON.stringify(hover)}`);
    const lines = await detail.locator('[data-testid="nas-blocks"] li').allTextContents();
    if (!lines.some((l) => /^cell nb201 x5, \d+ ch/.test(l))) throw new Error(`no "cell nb201 x5" summary line: ${lines.join(' | ')}`);
    await detail.scrollIntoViewIfNeeded().catch(scrolledAway);
    await screenshot(page, '08-cell-dag');
    await detail.locator('[data-testid="nas-op-list"]').click();
    const rows = await detail.locator('[data-testid="nas-layers"] .nas-layer').count();
    await detail.locator('[data-testid="nas-op-list"]').click();
    await dag.first().waitFor();
    return `${ops.map((e) => `${e.op}${e.dead ? ' (dead)' : ''}`).join(', ')}; ${ops.filter((e) => e.dead).length} dead; summary: ${lines.join(' | ')}; op list toggle: ${rows} rows`;
  });

  await step('Compare draws a second candidate beside the first, the decisions and edges that differ highlighted', async () => {
    const pinnedKey = await detail.locator('[data-testid="nas-arch"] .nas-arch-column').first().getAttribute('data-key');
    await detail.locator('[data-testid="nas-compare"]').click();
    const other = wv.locator(`[data-testid="nas-table"] tbody tr:not([data-key="${pinnedKey}"])`).first();
    await other.click();
    const view = detail.locator('[data-testid="nas-compare-view"]');
    await view.waitFor({ timeout: 30_000 });
    const columns = await view.locator('.nas-arch-column').count();
    const changed = await view.locator('.nas-arch-column').last().locator('[data-testid="nas-decisions"] dt.changed').allTextContents();
    const edges = await view.locator('.nas-arch-column').last().locator('g.nas-edge.changed').count();
    if (columns !== 2 || changed.length === 0) throw new Error(`${columns} columns, ${changed.length} decisions highlighted`);
    if (edges !== changed.filter((id) => id.startsWith('cells.')).length) throw new Error(`${edges} edges highlighted for the differing cell decisions ${changed.join(', ')}`);
    await detail.scrollIntoViewIfNeeded().catch(scrolledAway);
    await screenshot(page, '08-compare');
    await detail.locator('[data-testid="nas-compare"]').click();
    await view.waitFor({ state: 'detached' });
    // The steps after this one drag on the chart by page coordinates: scroll it back into view.
    await wv.locator('[data-testid="nas-scatter"]').scrollIntoViewIfNeeded().catch(scrolledAway);
    return `${columns} columns; differing: ${changed.join(', ')}; ${edges} edges highlighted`;
  });
}

export async function architectureBlockSteps(ctx: E2eContext): Promise<void> {
  const { page, workspace } = ctx;
  const wv = webview(page);
  await step('a MobileNetV2 candidate is summarised as blocks ("IR k3 e6 x2, 48 ch")', async () => {
    // A run of its own that takes seconds (zero-cost proxies, 2 candidates, by the CLI) rather
    // than the proxy-training run, whose first candidate a loaded machine may not finish.
    execFileSync(process.execPath, [path.join(repo, 'dist', 'cli.js'), 'search', 'mobilenetv2.nasspace.ts', '--strategy', 'random', '--budget', '2', '--estimator', 'zc:synflow', '--objective', 'max:synflow', '--objective', 'min:params'], { cwd: workspace, stdio: 'ignore', timeout: 120_000 });
    // A run folder made outside the editor shows in the tree after a refresh.
    await palette(page, 'NAS: Refresh');
    // Clicking the run expands it; clicking one of its candidates shows it in the panel.
    const run = page.locator('.monaco-tl-row', { hasText: /mobilenetv2-fashion.*random/ }).first();
    const candidate = page.locator('.monaco-tl-row', { hasText: /synflow/ }).first();
    await run.click({ timeout: 30_000 });
    // Its candidates load after the click: a second click only when they did not come (it would collapse the run).
    if (!(await candidate.waitFor({ timeout: 10_000 }).then(() => true, () => false))) await run.click();
    await candidate.click({ timeout: 30_000 });
    const detail = wv.locator('[data-testid="nas-detail"]');
    const lines = detail.locator('[data-testid="nas-blocks"] li');
    await lines.filter({ hasText: /^IR k\d e\d/ }).first().waitFor({ timeout: 30_000 });
    const text = await lines.allTextContents();
    if (await detail.locator('svg[data-testid="nas-cell-dag"]').count()) throw new Error('a block space drew a cell');
    await detail.scrollIntoViewIfNeeded().catch(scrolledAway);
    await screenshot(page, '08-blocks');
    await wv.locator('[data-testid="nas-scatter"]').scrollIntoViewIfNeeded().catch(scrolledAway);
    return text.join(' | ');
  });
}
