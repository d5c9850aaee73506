// A space file is the user's code: it runs confined, whatever it tries. Each escape below would
// leave a trace if its code ran with the search process's rights (a marker file, a connection to
// a local server), so these tests fail if the confinement is removed, not only if a message
// changes. And each attempt is an error at its place in the file, with a non-zero exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Rng } from '../../src/core/rng';
import { SpaceError } from '../../src/core/space/errors';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { confinedExecArgv, SANDBOX_SCRIPT } from '../../src/runtime/sandbox/confinedSpace';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-sandbox-'));

const header = `import { defineSpace, choice, conv } from 'nas-workbench';\n`;
const space = (extra = '') => `export default defineSpace({ name: 'x', input: { shape: [8, 8, 1], classes: 2 }, layers: [conv({ filters: 4, kernel: choice(1, 3) })]${extra} });\n`;
/** Line 2 of every file below (after the header) holds the attempt. */
const PAYLOAD_LINE = 2;

function runNas(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Asynchronous, so a connection the payload makes reaches this process's server meanwhile.
    const child = spawn(process.execPath, [nas, ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function marker(name: string): string {
  return path.join(tmp, `escaped-${name}`);
}

const server = net.createServer((s) => {
  connections++;
  s.destroy();
});
let connections = 0;
const listening = new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));

const escapes: { name: string; body: (m: string, port: number) => string }[] = [
  { name: 'the Function constructor through globalThis', body: (m) => `(globalThis as any).constructor.constructor('return process')().mainModule.require('fs').writeFileSync(${JSON.stringify(m)}, 'x');\n${space()}` },
  { name: 'the Function constructor through a choice(), to start a process', body: (m) => `(choice(1, 2) as any).constructor.constructor('return process')().mainModule.require('child_process').execSync(${JSON.stringify(`echo x > '${m}'`)});\n${space()}` },
  {
    name: 'the Function constructor through the arch a constraint receives',
    body: (m) => `const c = (arch: any) => { arch.graph.constructor.constructor('return process')().mainModule.require('fs').writeFileSync(${JSON.stringify(m)}, 'x'); return true; };\n${space(', constraint: c')}`,
  },
  { name: 'a dynamic import of node:fs', body: (m) => `import('node:fs').then((fs: any) => fs.writeFileSync(${JSON.stringify(m)}, 'x'));\n${space()}` },
  { name: 'a computed dynamic import, caught', body: (m) => `const mod = 'node:' + 'child_process'; import(mod).then((cp: any) => cp.execSync(${JSON.stringify(`echo x > '${m}'`)}), () => {});\n${space()}` },
  { name: 'process.binding', body: (m) => `const p = (conv as any).constructor('return process')(); p.binding('fs'); p.mainModule.require('fs').writeFileSync(${JSON.stringify(m)}, 'x');\n${space()}` },
  { name: 'a socket', body: (_m, port) => `(defineSpace as any).constructor('return process')().mainModule.require('net').connect(${port}, '127.0.0.1');\n${space()}` },
  {
    name: 'a worker thread',
    body: (m) => `const { Worker } = (globalThis as any).constructor.constructor('return process')().mainModule.require('worker_threads');\nnew Worker(${JSON.stringify(`require('fs').writeFileSync(${JSON.stringify(m)}, 'x')`)}, { eval: true });\n${space()}`,
  },
];

for (const e of escapes) {
  test(`escape attempt: ${e.name} is an error in place, and nothing happens`, async () => {
    const port = await listening;
    const before = connections;
    const file = path.join(tmp, `${e.name.replace(/\W+/g, '-')}.nasspace.ts`);
    fs.writeFileSync(file, header + e.body(marker(e.name), port));
    const r = await runNas(['space', file]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(fs.existsSync(marker(e.name)), false, 'the payload ran with the rights of the search process');
    assert.equal(connections, before, 'the payload opened a socket');
    assert.notEqual(r.code, 0, r.output);
    // The CLI names the file relative to its working folder.
    assert.match(r.output, new RegExp(`^${path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${PAYLOAD_LINE}:\\d+: (error: )?.*(may not do|may import only 'nas-workbench')`, 'm'), r.output);
  });
}

test('the confined process cannot write, read elsewhere, start processes or workers, or load addons', () => {
  const m = marker('flags');
  // What code would meet if it ever ran in the confined process's own realm (with its require).
  const attempts = {
    write: `require('fs').writeFileSync(${JSON.stringify(m)}, 'x')`,
    read: `require('fs').readFileSync(${JSON.stringify(__filename)})`,
    spawn: `require('child_process').execSync(${JSON.stringify(`echo x > '${m}'`)})`,
    worker: `new (require('worker_threads').Worker)(${JSON.stringify(`require('fs').writeFileSync(${JSON.stringify(m)}, 'x')`)}, { eval: true })`,
    binding: `process.binding('fs')`,
    addon: `process.dlopen({ exports: {} }, ${JSON.stringify(path.join(tmp, 'x.node'))})`,
    codeFromString: `Function('return 1')()`,
  };
  const script = `const out = {}; for (const [k, f] of Object.entries({ ${Object.entries(attempts).map(([k, code]) => `${k}: () => ${code}`).join(', ')} })) { try { f(); out[k] = 'allowed'; } catch (e) { out[k] = e.code || e.name; } } console.log(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, [...confinedExecArgv(SANDBOX_SCRIPT), '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, string>;
  assert.deepEqual(out, { write: 'ERR_ACCESS_DENIED', read: 'ERR_ACCESS_DENIED', spawn: 'ERR_ACCESS_DENIED', worker: 'ERR_ACCESS_DENIED', binding: 'ERR_ACCESS_DENIED', addon: 'ERR_DLOPEN_DISABLED', codeFromString: 'EvalError' });
  assert.equal(fs.existsSync(m), false);
});

test('the sandbox process refuses to evaluate anything when started without the permission model', async () => {
  const child = fork(SANDBOX_SCRIPT, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let answered = false;
  child.on('message', () => (answered = true));
  child.send({ type: 'load', file: path.join(tmp, 'x.nasspace.ts'), code: 'module.exports = {}', map: { version: 3, sources: [], names: [], mappings: '' }, timeoutMs: 1000 });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(answered, false);
  assert.equal(code, 78);
  assert.match(stderr, /the space sandbox is not confined/);
});

test('ties, conditions and shared cells survive the way out of the sandbox; the constraint is called there', async () => {
  const file = path.join(tmp, 'rich.nasspace.ts');
  fs.writeFileSync(file, `import { defineSpace, choice, when, conv, cell, cellStack, globalAvgPool, dense } from 'nas-workbench';
const k = choice(1, 3, 5);
const wide = choice(false, true);
const c = cell({ nodes: 3, ops: ['none', 'skip_connect'] });
export default defineSpace({ name: 'rich', input: { shape: [8, 8, 1], classes: 2 }, layers: [
  conv({ filters: when(wide, true, choice(8, 16), 4), kernel: k }),
  conv({ filters: 4, kernel: k }),
  cellStack({ cell: c, repeat: 1 }),
  cellStack({ cell: c, repeat: 2 }),
  globalAvgPool(),
  dense({ units: 2 }),
], constraint: (arch) => arch.values['layers.0.kernel'] !== 5 || 'no 5x5' });
`);
  const { space } = await loadSpaceFile(file);
  // k tied (3) x wide with its conditional width (1 + 2) x one shared cell (2^3).
  assert.equal(space.size, 3n * 3n * 8n);
  const all = [...space.enumerate()];
  assert.equal(all.length, 2 * 3 * 8);
  assert.ok(all.every((a) => space.values(a)['layers.0.kernel'] !== 5));
  assert.equal(space.check(space.fromKey(space.key(space.unrank(space.size - 1n)))), 'no 5x5');
  assert.equal(space.definition.layers[0].loc?.line, 6);
});

test('a constraint that throws is an error at its line', async () => {
  const file = path.join(tmp, 'throwing-constraint.nasspace.ts');
  fs.writeFileSync(file, `${header}const c = (arch: any) => arch.nothing.here;\n${space(', constraint: c')}`);
  const { space: s } = await loadSpaceFile(file);
  assert.throws(() => s.sample(new Rng(0)), (e: Error & { loc?: { line: number } }) => /the space constraint threw an error: Cannot read properties of undefined/.test(e.message) && e.loc?.line === 2);
});

test('a space file that exhausts its memory is an error at the file, not a crash of the search process', async () => {
  const file = path.join(tmp, 'hoarder.nasspace.ts');
  fs.writeFileSync(file, `${header}const hoard: number[][] = [];\nfor (;;) hoard.push(new Array(1e6).fill(1.5));\n${space()}`);
  // A time limit well past what filling the heap takes, even on a loaded machine: the heap limit
  // must be what stops it. This process (the search's) carries on.
  await assert.rejects(loadSpaceFile(file, { timeoutMs: 60_000 }), (e: unknown) => e instanceof SpaceError && e.loc?.file === file && e.loc.line === 1 && /^evaluating the space file stopped: the process that runs the space file .*out of memory/.test(e.message));
});

/** Pids of this process's confined space processes (Linux: ps). */
function sandboxProcesses(): Set<string> | undefined {
  const r = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) return undefined;
  return new Set(r.stdout.split('\n').filter((l) => l.includes('spaceSandbox.js')).map((l) => l.trim().split(/\s+/)[0]));
}

test('no confined process outlives its space: a file that fails, one without a constraint, one released', async (t) => {
  const before = sandboxProcesses();
  if (!before) return t.skip('ps is not available');
  const failing = path.join(tmp, 'failing.nasspace.ts');
  fs.writeFileSync(failing, `${header}throw new Error('no');\n`);
  const constrained = path.join(tmp, 'constrained.nasspace.ts');
  fs.writeFileSync(constrained, `${header}${space(', constraint: () => true')}`);
  await assert.rejects(loadSpaceFile(failing), /no/);
  await loadSpaceFile(path.join(root, 'examples', 'nas-bench-201.nasspace.ts'));
  const loaded = await loadSpaceFile(constrained);
  loaded.space.sample(new Rng(0));
  loaded.release();
  // Ending is asynchronous (a kill, then the exit): wait for it rather than for a fixed time.
  for (let i = 0; i < 200 && [...sandboxProcesses()!].some((pid) => !before.has(pid)); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual([...sandboxProcesses()!].filter((pid) => !before.has(pid)), []);
});

test('a confined process that stops answering is stopped, and the error names the space file', async (t) => {
  const before = sandboxProcesses();
  if (!before) return t.skip('ps is not available');
  const file = path.join(tmp, 'frozen.nasspace.ts');
  fs.writeFileSync(file, `${header}${space(', constraint: () => true')}`);
  const { space: s } = await loadSpaceFile(file, { timeoutMs: 100 });
  const pids = [...sandboxProcesses()!].filter((pid) => !before.has(pid));
  assert.equal(pids.length, 1);
  // Frozen, as a process stuck outside JavaScript would be: its own time limit cannot fire.
  process.kill(Number(pids[0]), 'SIGSTOP');
  assert.throws(() => s.sample(new Rng(0)), (e: Error & { loc?: { file: string; line: number } }) => /^the space constraint stopped: the process that runs the space file did not answer within \d+ s and was stopped$/.test(e.message) && e.loc?.file === file && e.loc.line === 1);
  assert.throws(() => s.sample(new Rng(1)), /the process that runs the space file was stopped: it did not answer/);
});

test.after(() => {
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
