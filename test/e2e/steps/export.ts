// Export with the weights a proxy candidate was scored with, after its space file was renamed
// (the run reads its own copy), from the tree's Export Candidate and its quick pick; then a run
// folder deleted on disk leaves the tree without a refresh. Between them, a train-now export
// with its progress notification.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatMetric } from '../../../src/protocol/formatMetric';
import { answer, contextMenu, screenshot, step, type E2eContext } from '../driver';

export async function exportSteps(ctx: E2eContext): Promise<void> {
  const { page, workspace } = ctx;
  const runsDir = path.join(workspace, '.nas', 'runs');
  const proxyRun = () => fs.readdirSync(runsDir).map((d) => path.join(runsDir, d)).find((d) => fs.readFileSync(path.join(d, 'run.json'), 'utf8').includes('"estimator": "proxy"'));
  // The proxy run's row, by its id (other mobilenetv2-fashion runs are in the tree by now).
  const runRow = (run: string) => page.locator('.monaco-tl-row', { hasText: path.basename(run) }).first();

  await step('Export Candidate of a proxy run, after its space file was renamed, writes the weights it was scored with, a README and their val_acc', async () => {
    const run = proxyRun();
    if (!run) throw new Error(`no proxy run in ${runsDir}`);
    fs.renameSync(path.join(workspace, 'mobilenetv2.nasspace.ts'), path.join(workspace, 'mobilenetv2-renamed.nasspace.ts'));
    await page.keyboard.press('Escape');
    // Its candidate, by the val_acc its tree row shows (other runs' candidates show a val_acc too).
    const first = fs.readFileSync(path.join(run, 'candidates.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { status: string; metrics: { val_acc?: number } }).find((r) => r.status === 'ok' && r.metrics.val_acc !== undefined);
    if (!first) throw new Error(`${run} has no evaluated candidate`);
    const cand = page.locator('.monaco-tl-row', { hasText: `val_acc ${formatMetric(first.metrics.val_acc)}` }).first();
    if (!(await cand.isVisible())) await runRow(run).click();
    await cand.waitFor({ timeout: 30_000 });
    await contextMenu(page, cand, 'Export Candidate');
    await answer(page, /which weights/, 'scored with');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /exported #\d+ .* was scored with/ });
    await toast.waitFor({ timeout: 120_000 });
    await screenshot(page, '08-export-scored');
    const exportDir = path.join(workspace, 'nas-export');
    const out = fs.readdirSync(exportDir).map((d) => path.join(exportDir, d)).find((d) => d.includes(path.basename(run)));
    if (!out) throw new Error(`no export of ${path.basename(run)} in ${exportDir}`);
    const info = JSON.parse(fs.readFileSync(path.join(out, 'export.json'), 'utf8')) as { kind: string; valAcc: number; parameters: { total: number; trainable: number } };
    const readme = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
    if (info.kind !== 'scored') throw new Error(`export.json says ${info.kind} weights`);
    if (!(info.valAcc > 0.1)) throw new Error(`the scored weights' val_acc is ${info.valAcc}`);
    if (!readme.includes(`Validation accuracy: ${info.valAcc.toFixed(4)}`)) throw new Error('the README does not state the val_acc');
    if (!/\*\*Weights: the weights candidate #\d+ of run \S+ was scored with/.test(readme)) throw new Error('the README does not say which weights it holds');
    if (!(fs.statSync(path.join(out, 'weights.bin')).size >= 4 * info.parameters.total)) throw new Error('weights.bin is smaller than the parameters');
    return `${path.relative(workspace, out)}: ${((await toast.textContent()) ?? '').trim().slice(0, 200)}`;
  });

  await step('Export Candidate with "Train now with…" shows the epoch, batch and loss in its notification, then writes the weights it trained', async () => {
    const run = proxyRun();
    if (!run) throw new Error(`no proxy run in ${runsDir}`);
    await page.keyboard.press('Escape');
    const cand = page.locator('.monaco-tl-row', { hasText: /val_acc \d/ }).first();
    if (!(await cand.isVisible())) await runRow(run).click();
    await cand.waitFor({ timeout: 30_000 });
    await contextMenu(page, cand, 'Export Candidate');
    await answer(page, /which weights/, 'Train now with…');
    await answer(page, /training settings/, 'epochs=2 subset=2000');
    // The progress notification while it trains, then the closing message.
    const training = page.locator('.notifications-toasts .notification-toast', { hasText: /training: epoch \d+\/2 · batch \d+\/\d+ · loss/ });
    const done = page.locator('.notifications-toasts .notification-toast', { hasText: /exported #\d+ .*trained now/ });
    let progress: string | undefined;
    const end = Date.now() + 180_000;
    while (Date.now() < end && !(await done.isVisible())) {
      if (!progress && (await training.isVisible())) progress = /training: epoch \d+\/2 · batch \d+\/\d+ · loss [\d.]+/.exec((await training.first().textContent()) ?? '')?.[0];
      await page.waitForTimeout(100);
    }
    if (!(await done.isVisible())) throw new Error('the train-now export did not finish in 180 s');
    if (!progress) throw new Error('no notification showed the training (epoch k/2, batch, loss) while it ran');
    const exportDir = path.join(workspace, 'nas-export');
    const out = fs.readdirSync(exportDir).map((d) => path.join(exportDir, d)).find((d) => d.includes(path.basename(run)));
    if (!out) throw new Error(`no export of ${path.basename(run)} in ${exportDir}`);
    const info = JSON.parse(fs.readFileSync(path.join(out, 'export.json'), 'utf8')) as { kind: string; training?: { epochs: number } };
    if (info.kind !== 'trained' || info.training?.epochs !== 2) throw new Error(`export.json says ${info.kind} weights, ${info.training?.epochs} epochs`);
    await screenshot(page, '08-export-trained');
    return `progress: "${progress}"; ${/exported #\d+ .*?val_acc [\d.]+/.exec((await done.textContent()) ?? '')?.[0] ?? ''}`;
  });

  await step('a run folder deleted on disk leaves the tree at once', async () => {
    const run = proxyRun();
    if (!run) throw new Error(`no proxy run in ${runsDir}`);
    await runRow(run).waitFor({ timeout: 10_000 });
    fs.rmSync(run, { recursive: true });
    await runRow(run).waitFor({ state: 'detached', timeout: 10_000 });
    return `${path.basename(run)} removed from disk and from the tree`;
  });
}
