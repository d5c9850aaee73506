// The Pareto panel's own main-thread cost while a run streams into it, in Chromium (the browser
// the end-to-end test uses), without VS Code: dist/webview.js loaded in a page whose
// acquireVsCodeApi is a stub, fed the host's messages as the host sends them (a snapshot, then
// every 100 ms the records written meanwhile, in messages of 500), from inside the page so the
// driver costs the renderer nothing. Figures are the renderer main thread's CPU time per task
// from a trace (thread time, not wall time, so a machine busy with other work reads the same):
// the longest task, how many pass 16 ms (one frame) and 50 ms (a long task), the total, and
// where it went. Data: the first 8,764 cells of the shipped NAS-Bench-201 table (as many as a
// search of it finds distinct). Options: --per-tick N (records per 100 ms, default 1000),
// --runs K (default 3), --repo DIR (the build to measure, default this one).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const repo = path.resolve(option('repo', path.resolve(__dirname, '..', '..', '..')));
const perTick = Number(option('per-tick', '1000'));
const runs = Number(option('runs', '3'));
const RECORDS = 8764;
const PER_MESSAGE = 500;

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } }

const PHASES = ['HandlePostMessage', 'FireAnimationFrame', 'TimerFire', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'MinorGC', 'MajorGC'];

async function once(dir: string): Promise<Record<string, unknown>> {
  const table = JSON.parse(gunzipSync(fs.readFileSync(path.join(repo, 'data', 'nas-bench-201.json.gz'))).toString('utf8')) as Record<string, Record<string, number>>;
  const records = Object.entries(table).slice(0, RECORDS).map(([key, metrics], index) => ({ index, key, encoding: [0, 1, 2, 3, 4, 5], status: 'ok', metrics, startedAt: 0, durationMs: 0, feasible: true }));
  const settings = { strategy: 'evolution', budget: 15000, seed: 0, estimator: 'table:nas-bench-201', objectives: ['max:c10_valid', 'min:edgegpu_lat'], constraints: [] };
  const info = { runId: 'r1', createdAt: new Date(0).toISOString(), toolVersion: '0', spaceFile: '/x', spaceHash: 'h', spaceName: 'nas-bench-201', spaceSize: '15625', settings };
  const html = path.join(dir, 'panel.html');
  fs.writeFileSync(html, `<!DOCTYPE html><html><head><link rel="stylesheet" href="file://${repo}/media/panel.css"></head><body data-initial-state="{}"><div id="app"></div>
<script>window.acquireVsCodeApi = () => ({ postMessage: (m) => (window.__out ||= []).push(m), getState: () => undefined, setState: () => {} });</script>
<script src="file://${repo}/dist/webview.js"></script></body></html>`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
    await page.goto(`file://${html}`);
    await page.waitForFunction(() => ((window as unknown as { __out?: { name?: string }[] }).__out ?? []).some((m) => m.name === 'ready'));
    await page.evaluate(([recs, inf]) => Object.assign(window, { __recs: recs, __info: inf }), [records, info] as const);
    // The panel opens on the new run before its first records, as when a search starts.
    await page.evaluate(() => window.postMessage({ rpc: 1, kind: 'event', name: 'snapshot', data: { runId: 'r1', runDir: '/x', info: (window as unknown as { __info: unknown }).__info, status: 'running', candidates: [] } }, '*'));
    await page.waitForTimeout(1000);
    const tracePath = path.join(dir, 'trace.json');
    await browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'v8', 'toplevel'] });
    await page.evaluate(async ([tick, perMessage]) => {
      const w = window as unknown as { __recs: unknown[] };
      const post = (name: string, data: unknown) => window.postMessage({ rpc: 1, kind: 'event', name, data }, '*');
      for (let i = 0; i < w.__recs.length; i += tick) {
        const batch = w.__recs.slice(i, i + tick);
        for (let j = 0; j < batch.length; j += perMessage) post('append', { runId: 'r1', candidates: batch.slice(j, j + perMessage) });
        await new Promise((r) => setTimeout(r, 100));
      }
      post('status', { runId: 'r1', status: 'finished', evaluated: w.__recs.length, budget: 15000 });
    }, [perTick, PER_MESSAGE] as const);
    await page.waitForTimeout(1500);
    const shown = await page.evaluate(() => document.querySelector('[data-testid="nas-status"]')?.getAttribute('data-evaluated'));
    await browser.stopTracing();
    if (Number(shown) !== RECORDS) throw new Error(`the panel shows ${shown} of ${RECORDS} records`);
    const events = (JSON.parse(fs.readFileSync(tracePath, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    if (!main) throw new Error('no renderer main thread in the trace');
    const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
    const cpu = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask').map((e) => (e.tdur ?? e.dur ?? 0) / 1000).sort((a, b) => b - a);
    const phases = Object.fromEntries(PHASES.map((p) => [p, Math.round(onMain.filter((e) => e.name === p).reduce((s, e) => s + (e.tdur ?? e.dur ?? 0) / 1000, 0))]));
    return { longestTaskMs: +cpu[0].toFixed(1), over16: cpu.filter((c) => c > 16).length, over50: cpu.filter((c) => c > 50).length, totalMs: Math.round(cpu.reduce((a, b) => a + b, 0)), phasesMs: phases };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(repo, 'dist', 'webview.js'))) throw new Error(`${repo}/dist/webview.js is missing: run node esbuild.js there first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-bench-panel-'));
  console.log(`panel stream: ${RECORDS} NAS-Bench-201 records at ${perTick} per 100 ms, messages of ${PER_MESSAGE}, build ${repo}; renderer main-thread CPU per task`);
  try {
    for (let i = 0; i < runs; i++) console.log(JSON.stringify(await once(dir)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
