// The clock local latencies are timed with. On a shared machine the wall clock counts the time
// other processes hold the core, and a model that runs for tens of milliseconds is preempted in
// every run, so even its fastest run grows with the load (VGG candidates timed 2-20x slower as
// the load rose from 20 to 40). Where the engine computes on this process's one thread (the wasm
// and cpu backends under Node), the process's CPU time is the compute alone, whatever the load.
// Multi-threaded engines (tfjs-node) and browsers (no such counter) keep the wall clock.
// No Node-only imports: a browser bundle gets the wall clock.

export type Clock = () => number;

const wallClock: Clock = () => performance.now();

type CpuUsage = () => { user: number; system: number };

/** Milliseconds of CPU this process has used, where the runtime counts them (Node). */
function cpuClock(): Clock | undefined {
  const proc = (globalThis as { process?: { cpuUsage?: CpuUsage } }).process;
  const usage = proc?.cpuUsage;
  if (typeof usage !== 'function') return undefined;
  return () => {
    const u = usage.call(proc);
    return (u.user + u.system) / 1000;
  };
}

const SINGLE_THREADED = new Set(['wasm', 'cpu']);

/** The clock to time `backend` with: this process's CPU time where the engine is single-threaded and it is counted, else the wall clock. */
export function timingClock(backend: string): Clock {
  return (SINGLE_THREADED.has(backend) && cpuClock()) || wallClock;
}
