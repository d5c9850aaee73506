// The "predicted, not evaluated" layer (issue 13): a predictor-guided search of the NAS-Bench-201
// table space, its cheap metrics a table of the shipped table's latency columns only (a table is
// a cheap estimator the product ships; the accuracy columns stay out, or the predictor would be
// handed the answer), run by the CLI from the space file's search block; the panel then draws
// the candidates only predicted, says how many, and a hover gives the prediction with its spread.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clickUntilShown, foldRuns, nb201Table, palette, repo, screenshot, scrolledAway, step, webview, type E2eContext } from '../driver';

const FILE = 'nb201-predicted.nasspace.ts';
const CHEAP_TABLE = 'nb201-latency.json';

/** The example NAS-Bench-201 space under its own name, searched by predictor-guided with latencies as cheap metrics. */
function spaceSource(cheapTable: string): string {
  const example = fs.readFileSync(path.join(repo, 'examples', 'nas-bench-201.nasspace.ts'), 'utf8');
  const search = `search: { strategy: 'predictor-guided', budget: 25, estimator: 'table:nas-bench-201', objectives: ['max:c10_valid'], cheap: [${JSON.stringify(`table:${cheapTable}`)}] },`;
  const out = example.replace(/name: 'nas-bench-201'/, "name: 'nb201-predicted'").replace(/search: \{[^\n]*\},/, search);
  if (!out.includes('nb201-predicted') || !out.includes('predictor-guided')) throw new Error('examples/nas-bench-201.nasspace.ts changed shape: cannot derive the predicted-layer space');
  return out;
}

export async function predictedSteps(ctx: E2eContext): Promise<void> {
  const { page, workspace } = ctx;
  const wv = webview(page);
  const started = await step('a predictor-guided NAS-Bench-201 search with cheap latencies records its predictions, and the panel opens the run', async () => {
    const table = JSON.parse(nb201Table().toString('utf8')) as Record<string, Record<string, number>>;
    const latencies = Object.fromEntries(Object.entries(table).map(([key, row]) => [key, { edgegpu_lat: row.edgegpu_lat, raspi4_lat: row.raspi4_lat }]));
    const cheapTable = path.join(workspace, CHEAP_TABLE);
    fs.writeFileSync(cheapTable, JSON.stringify(latencies));
    fs.writeFileSync(path.join(workspace, FILE), spaceSource(cheapTable));
    // By the CLI, with the space file's search block: a finished run, read from its folder as the
    // panel reads any past run. (A live run started from the editor streams the same records; its
    // panel is built before any candidate exists, so its x axis starts on the objective itself.)
    execFileSync(process.execPath, [path.join(repo, 'dist', 'cli.js'), 'search', FILE], { cwd: workspace, stdio: 'ignore', timeout: 120_000 });
    const runs = path.join(workspace, '.nas', 'runs');
    const dir = fs.readdirSync(runs).map((d) => path.join(runs, d)).find((d) => fs.readFileSync(path.join(d, 'run.json'), 'utf8').includes('"spaceName": "nb201-predicted"'));
    if (!dir) throw new Error('no nb201-predicted run folder');
    const lines = fs.readFileSync(path.join(dir, 'predicted.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    if (lines === 0) throw new Error('predicted.jsonl is empty');
    await palette(page, 'NAS: Refresh');
    await foldRuns(page);
    const run = page.locator('.monaco-tl-row', { hasText: /nb201-predicted.*predictor-guided/ }).first();
    const candidate = page.locator('.monaco-tl-row', { hasText: /c10_valid \d/ }).first();
    await run.click({ timeout: 30_000 });
    // Its candidates load after the click: a second click only when they did not come (it would collapse the run).
    if (!(await candidate.waitFor({ timeout: 10_000 }).then(() => true, () => false))) await run.click();
    await clickUntilShown(candidate, wv.locator('.nas-title', { hasText: 'nb201-predicted' }), 'the nb201-predicted run in the panel');
    return `${lines} predictions recorded in ${path.basename(dir)}`;
  });
  if (!started) return;

  await step('the panel draws the candidates only predicted, counts them, and a hover gives the prediction with its spread', async () => {
    const legend = wv.locator('[data-testid="nas-predicted-legend"]:not([hidden])');
    await legend.waitFor({ timeout: 15_000 });
    const count = Number(await legend.getAttribute('data-count'));
    if (!(count > 0)) throw new Error(`the legend counts ${count} predicted candidates`);
    const chart = wv.locator('[data-testid="nas-scatter"]');
    await wv.locator('[data-testid="nas-scatter"][data-predicted-point]').waitFor({ timeout: 10_000 });
    const drawn = Number(await chart.getAttribute('data-predicted'));
    const [x, y] = ((await chart.getAttribute('data-predicted-point')) ?? '').split(',').map(Number);
    await chart.scrollIntoViewIfNeeded().catch(scrolledAway);
    await chart.locator('.u-over').hover({ position: { x, y }, force: true });
    const tooltip = wv.locator('.nas-tooltip');
    await tooltip.waitFor({ state: 'visible', timeout: 5000 });
    const text = (await tooltip.textContent()) ?? '';
    if (!/predicted by \w+ from \d+ evaluated: c10_valid [\d.]+ ± [\d.]+ \(not evaluated\)/.test(text)) throw new Error(`the hover reads ${JSON.stringify(text)}`);
    await screenshot(page, 'predicted-01-layer');
    // The toggle hides the layer, and the legend says so.
    await wv.locator('[data-testid="nas-show-predicted"]').click();
    await wv.locator('[data-testid="nas-scatter"][data-predicted="0"]').waitFor({ timeout: 5000 });
    const hidden = (await legend.textContent()) ?? '';
    await wv.locator('[data-testid="nas-show-predicted"]').click();
    return `${count} predicted, not evaluated (${drawn} drawn); hover: ${text.split('\n').slice(1).join(' | ')}; toggled off: "${hidden}"`;
  });

  // Folded again: its 25 candidate rows would push the runs later steps click out of the tree's view.
  const run = page.locator('.monaco-tl-row', { hasText: /nb201-predicted.*predictor-guided/ }).first();
  if ((await run.locator('.monaco-tl-twistie.collapsed').count()) === 0) await run.locator('.monaco-tl-twistie').click().catch(() => undefined);
}
