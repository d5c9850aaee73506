// Multi-fidelity search from the editor: a tiny space file whose `search` block asks for
// successive halving with proxy training (epochs 1..3: rungs at 1 and 3 epochs, a few hundred
// images, so the whole run takes seconds of training), started with "NAS: Start Search" and its
// defaults; then the rung view: the table's rung column, the selected candidate's curve across
// rungs, and the tree's description of a promoted candidate.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answer, palette, quickOpen, screenshot, scrolledAway, step, webview, type E2eContext } from '../driver';

const FILE = 'mf-tiny.nasspace.ts';

const SPACE = `import { choice, conv, defineSpace, globalAvgPool, int, invertedResidual, stage } from 'nas-workbench';

export default defineSpace({
  name: 'mf-tiny',
  input: { shape: [28, 28, 1], classes: 10 },
  layers: [
    conv({ filters: choice(8, 12), kernel: 3, stride: 2, activation: 'relu6' }),
    stage({ depth: int(1, 2), stride: 2, block: invertedResidual({ filters: choice(8, 16), kernel: 3, expand: choice(1, 3) }) }),
    globalAvgPool(),
  ],
  search: { strategy: 'halving', budget: 6, estimator: 'proxy', objectives: ['max:val_acc', 'min:params'] },
  train: { epochs: 3, subset: 256, downscale: 2, repeats: 1, batchSize: 64 },
});
`;

export async function multiFidelitySteps(ctx: E2eContext): Promise<void> {
  const { page, workspace } = ctx;
  const wv = webview(page);
  const started = await step('a multi-fidelity search (halving over proxy epochs) starts from the space file\'s search block', async () => {
    fs.writeFileSync(path.join(workspace, FILE), SPACE);
    await page.locator('.monaco-tl-row', { hasText: FILE }).filter({ hasText: 'architectures' }).waitFor({ timeout: 60_000 });
    await quickOpen(page, FILE);
    await palette(page, 'NAS: Start Search');
    await answer(page, /search space/);
    await answer(page, /strategy/);
    await answer(page, /budget/);
    await answer(page, /estimator/);
    await answer(page, /objectives/);
    await answer(page, /constraints/);
    await wv.locator('[data-testid="nas-status"][data-status="finished"]').waitFor({ timeout: 240_000 });
    const runs = path.join(workspace, '.nas', 'runs');
    const dir = fs.readdirSync(runs).map((d) => path.join(runs, d)).find((d) => fs.readFileSync(path.join(d, 'run.json'), 'utf8').includes('"spaceName": "mf-tiny"'));
    if (!dir) throw new Error('no mf-tiny run folder');
    const levels = fs.readFileSync(path.join(dir, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { fidelity?: { value: number } }).fidelity?.value);
    if (!levels.includes(1) || !levels.includes(3)) throw new Error(`evaluated at epochs ${levels.join(', ')}: expected rungs at 1 and 3`);
    return `evaluated at epochs ${levels.join(', ')}`;
  });
  if (!started) return;

  await step('the panel shows each candidate\'s rung, and a promoted one\'s curve across rungs', async () => {
    const table = wv.locator('[data-testid="nas-table"]');
    await table.locator('th', { hasText: /^rung$/ }).waitFor({ timeout: 10_000 });
    const promoted = table.locator('tr', { hasText: '2 · epochs 3' }).first();
    await promoted.waitFor({ timeout: 10_000 });
    const rows = await table.locator('tbody tr').count();
    await promoted.click();
    const curve = wv.locator('[data-testid="nas-rung-curve"][data-points="2"]');
    await curve.waitFor({ timeout: 10_000 });
    const circles = await curve.locator('circle').count();
    if (circles !== 2) throw new Error(`the curve has ${circles} points, expected 2 (epochs 1 and 3)`);
    await curve.scrollIntoViewIfNeeded().catch(scrolledAway);
    await screenshot(page, 'mf-01-rung-view');
    return `${rows} rows (one per candidate); curve: ${(await curve.locator('.nas-group').textContent()) ?? ''}`;
  });

  await step('the tree describes a promoted candidate by its rung', async () => {
    const run = page.locator('.monaco-tl-row', { hasText: 'mf-tiny · halving' }).first();
    await run.waitFor({ timeout: 30_000 });
    // Selecting a candidate in the panel may have unfolded the run already (a click would fold it).
    if ((await run.locator('.monaco-tl-twistie.collapsed').count()) > 0) await run.click();
    // The rows' text is each one's label and description.
    let texts: string[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      texts = await page.locator('.monaco-tl-row').allTextContents();
      if (texts.some((t) => t.includes('rung 2 · epochs 3'))) break;
      await page.waitForTimeout(500);
    }
    const promoted = texts.find((t) => t.includes('rung 2 · epochs 3'));
    if (!promoted) throw new Error(`no tree row reads 'rung 2 · epochs 3': ${texts.join(' | ')}`);
    return promoted;
  });
}
