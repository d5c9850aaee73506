// Reads a Chromium trace written by the e2e (NAS_E2E_TRACE=<file> npm run test:e2e) and says,
// for the renderer main thread the workbench and the panel share, whether it was busy or waiting
// for a core while the run streamed: per second, the wall time spent inside tasks and the CPU time
// they got; over the stream, the CPU of the panel's own script and message handling against the
// rest. The stream is the span from the panel's first to its last script call.
// Usage: node out/bench/panel-stream/e2eTrace.js <trace.json>
import * as fs from 'node:fs';

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; data?: { url?: string; functionName?: string } } }

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.error('usage: node out/bench/panel-stream/e2eTrace.js <trace.json> (written by NAS_E2E_TRACE=<file> npm run test:e2e)');
  process.exit(2);
}
const events = (JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
if (mains.length !== 1) console.log(`${mains.length} renderer main threads: the figures are for the one that ran the panel`);
const panelScript = (e: TraceEvent) => e.name === 'FunctionCall' && /\/webview\.js/.test(e.args?.data?.url ?? '');
const main = mains.find((m) => events.some((e) => e.pid === m.pid && e.tid === m.tid && panelScript(e)));
if (!main) throw new Error('no renderer main thread ran the panel (dist/webview.js) in this trace');
const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
const panelCalls = onMain.filter(panelScript);
const start = panelCalls[0].ts;
const end = panelCalls.at(-1)!.ts;
const inStream = onMain.filter((e) => e.ts >= start && e.ts <= end);
const ms = (us: number | undefined) => (us ?? 0) / 1000;
const tasks = inStream.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
const perSecond = new Map<number, { wall: number; cpu: number }>();
for (const t of tasks) {
  const s = Math.floor((t.ts - start) / 1e6);
  const acc = perSecond.get(s) ?? { wall: 0, cpu: 0 };
  acc.wall += ms(t.dur);
  acc.cpu += ms(t.tdur);
  perSecond.set(s, acc);
}
// The panel's share: its own script, and the webview host frame's relay (index.html) into it.
const panelCpu = inStream.filter((e) => e.name === 'FunctionCall' && /\/webview\.js|webview\/browser\/pre\/index\.html/.test(e.args?.data?.url ?? '')).reduce((s, e) => s + ms(e.tdur), 0);
const total = tasks.reduce((s, t) => s + ms(t.tdur), 0);
console.log(`stream: ${((end - start) / 1e6).toFixed(1)} s; main thread inside a task ${tasks.reduce((s, t) => s + ms(t.dur), 0).toFixed(0)} ms (wall), CPU ${total.toFixed(0)} ms, of which the panel's script and its relay ${panelCpu.toFixed(0)} ms`);
console.log('second: wall ms inside tasks / CPU ms');
for (const [s, v] of [...perSecond].sort((a, b) => a[0] - b[0])) console.log(`${String(s).padStart(3)}: ${v.wall.toFixed(0).padStart(5)} / ${v.cpu.toFixed(0)}`);
