// The device-profiler page's script (dist/deviceProfiler.js, a browser bundle): the same operator
// profiling as `nas device profile` (hardware/opProfiling.ts with train/opTimer.ts's timer), on a
// browser backend of TensorFlow.js. It only measures and posts: the server says what to time
// (GET plan), the page posts fusion rules, then timings in small chunks, then end-to-end times
// of a few candidates, so a page closed half-way loses at most the chunk it was timing.
// `?backend=wasm|webgl|webgpu` picks the backend, `?autostart=1` starts without the button.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { detectFusion, profileUnits } from '../../hardware/opProfiling';
import type { OpUnitConfig } from '../../hardware/opUnits';
import { BROWSER_BACKENDS, type FusionReply, type ProfilerPlan, type ProfilerProgress } from '../../hardware/profilerWire';
import { measureGraph } from '../measureGraph';
import { tfjsUnitTimer } from '../opTimer';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = (text: string) => ($('status').textContent = text);

async function call<T>(route: string, body?: unknown): Promise<T> {
  const res = await fetch(route, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const reply = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as T & { error?: string };
  if (!res.ok) throw new Error(reply.error ?? `HTTP ${res.status}`);
  return reply;
}

/**
 * The clock's resolution in ms: browsers coarsen performance.now() (Chrome to 0.1 ms, Safari and
 * Firefox to 1 ms without cross-origin isolation), and a timed sample must last many ticks.
 */
function clockTickMs(): number {
  let tick = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    let t1 = t0;
    while (t1 === t0) t1 = performance.now();
    tick = Math.min(tick, t1 - t0);
  }
  return tick;
}

/** The first of `wanted` (or of every browser backend, in order) that activates here. */
async function activate(wanted: string): Promise<string> {
  setWasmPaths(new URL('wasm/', location.href).href);
  const order = wanted === 'auto' ? BROWSER_BACKENDS : [wanted];
  for (const name of order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // Not available in this browser (no WebGPU, no WebGL context): try the next one.
    }
  }
  throw new Error(`no TensorFlow.js backend of ${order.join(', ')} works in this browser`);
}

function show(p: ProfilerProgress, what: string): void {
  const total = p.units.total + p.calibration.total;
  const bar = $<HTMLProgressElement>('bar');
  bar.max = Math.max(1, total);
  bar.value = p.units.done + p.calibration.done;
  status(`${what}: operator units ${p.units.done}/${p.units.total}, end-to-end candidates ${p.calibration.done}/${p.calibration.total}`);
}

async function profile(wanted: string): Promise<void> {
  const plan = await call<ProfilerPlan>('plan');
  const backend = await activate(plan.backend ?? wanted);
  const tick = clockTickMs();
  const timer = await tfjsUnitTimer(backend, { sampleMs: Math.max(1, 20 * tick) });
  status(`On ${backend}: testing ${plan.pairs.length} operator pairs for fusion...`);
  const fusion = await detectFusion(timer, new Map(plan.pairs.map((p) => [p.kind, p.unit])), {});
  const { units } = await call<FusionReply>('fusion', { backend, agent: navigator.userAgent, fusion });
  let progress: ProfilerProgress | undefined;
  for (let i = 0; i < units.length; i += plan.unitsPerChunk) {
    const chunk: OpUnitConfig[] = units.slice(i, i + plan.unitsPerChunk);
    const timings: Record<string, number> = {};
    await profileUnits(timer, chunk, timings);
    progress = await call<ProfilerProgress>('timings', { backend, timings });
    show(progress, `On ${backend}`);
  }
  for (const c of plan.calibration) {
    progress = await call<ProfilerProgress>('measurements', { backend, measurements: [{ key: c.key, ms: await measureGraph(c.graph, tick) }] });
    show(progress, `On ${backend}`);
  }
  show(await call<ProfilerProgress>('done', {}), `Done on ${backend}; you can close this page`);
  document.title = 'Profile done';
}

function start(): void {
  const button = $<HTMLButtonElement>('start');
  const select = $<HTMLSelectElement>('backend');
  button.disabled = true;
  select.disabled = true;
  $('error').textContent = '';
  profile(select.value).catch((err: unknown) => {
    $('error').textContent = `Stopped: ${err instanceof Error ? err.message : String(err)}. What was sent is kept; press Start to continue.`;
    document.title = 'Profile stopped';
    button.disabled = false;
  });
}

const query = new URLSearchParams(location.search);
$<HTMLSelectElement>('backend').value = query.get('backend') ?? 'auto';
$('start').addEventListener('click', start);
status('Press Start to profile this browser.');
if (query.get('autostart') === '1') start();
