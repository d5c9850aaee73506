// Entry of the confined process that evaluates a space file and answers its constraint calls
// (bundled alone: dist/spaceSandbox.js, or out/src/runtime/sandbox/ under test). Started by
// ./sandboxBridge.ts with Node's permission model: it can read only this file, and cannot
// write files, start processes or workers, or load addons. It refuses to run without that.
import { SpaceError } from '../../core/space/errors';
import { evaluateSpace, type Evaluated } from './evaluate';
import type { ChildLog, ChildReply, ChildRequest, ErrorReply } from './messages';

const send = process.send?.bind(process);
if (!send) {
  process.stderr.write('spaceSandbox.js is started by NAS Workbench to evaluate space files; it is not a command\n');
  process.exit(2);
}
const reply = (m: ChildReply | ChildLog, then?: () => void): void => void send(m, undefined, undefined, then);

refuseUnconfined();
hideNetwork();

let loaded: Evaluated | undefined;

process.on('message', (m: ChildRequest) => {
  try {
    if (m.type === 'load') {
      if (loaded) throw new Error('a space is already loaded in this sandbox');
      loaded = evaluateSpace(m, (text) => reply({ type: 'log', text }));
      const { space, data } = loaded;
      // Without a constraint nothing of the file runs again: the process ends once it answered.
      reply({ type: 'loaded', data, size: space.size.toString(), decisionIds: space.decisions.map((d) => d.id) }, data.hasConstraint ? undefined : () => process.exit(0));
    } else if (m.type === 'check') {
      if (!loaded) throw new Error('no space is loaded in this sandbox');
      reply({ type: 'checked', problem: loaded.space.check(loaded.space.fromKey(m.key)) });
    }
  } catch (e) {
    reply(toErrorReply(e));
  }
});
process.on('disconnect', () => process.exit(0));

function toErrorReply(e: unknown): ErrorReply {
  if (e instanceof SpaceError) return { type: 'error', message: e.message, loc: e.loc && { ...e.loc } };
  return { type: 'error', message: e instanceof Error ? e.message : String(e), internal: true };
}

/** A runtime that ignored the permission flags must not evaluate anything. */
function refuseUnconfined(): void {
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  const granted = permission ? ['fs.read', 'fs.write', 'child', 'worker'].filter((s) => permission.has(s)) : ['everything'];
  if (granted.length === 0) return;
  process.stderr.write(`the space sandbox is not confined (it may use ${granted.join(', ')}): this Node does not apply the permission model; use Node 20 or later\n`);
  process.exit(78);
}

/**
 * The permission model of Node 20 does not cover sockets. A space file cannot reach this realm's
 * globals or require (its context has no code generation from strings, nor has this process), so
 * this only removes the ways to the network that would be left if it could.
 */
function hideNetwork(): void {
  const global = globalThis as Record<string, unknown>;
  for (const name of ['fetch', 'WebSocket', 'EventSource']) delete global[name];
  const proc = process as unknown as Record<string, unknown>;
  delete proc.getBuiltinModule;
  proc.mainModule = undefined;
}
