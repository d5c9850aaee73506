import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RpcEndpoint, Transport } from '../../src/protocol/rpc';
import { int, obj, str } from '../../src/core/validate';

const server = { methods: { add: { params: obj({ a: int, b: int }), result: int } }, events: { tick: obj({ n: int }) } };
const client = { methods: {}, events: { hello: obj({ name: str }) } };

/** Two transports wired to each other, delivering asynchronously like IPC, with a JSON round trip. */
function pipe(): [Transport & { raw: (m: unknown) => void }, Transport] {
  const listeners: [((m: unknown) => void)[], ((m: unknown) => void)[]] = [[], []];
  const make = (me: number): Transport & { raw: (m: unknown) => void } => ({
    send: (m) => setImmediate(() => listeners[1 - me].forEach((l) => l(JSON.parse(JSON.stringify(m))))),
    onMessage: (l) => {
      listeners[me].push(l);
      return () => listeners[me].splice(listeners[me].indexOf(l), 1);
    },
    raw: (m) => setImmediate(() => listeners[1 - me].forEach((l) => l(m))),
  });
  return [make(0), make(1)];
}

function connect() {
  const [a, b] = pipe();
  const invalidOnServer: string[] = [];
  const invalidOnClient: string[] = [];
  const s = new RpcEndpoint(server, client, b, (r) => invalidOnServer.push(r));
  const c = new RpcEndpoint(client, server, a, (r) => invalidOnClient.push(r));
  return { s, c, rawToServer: a.raw, invalidOnServer, invalidOnClient };
}

test('requests are answered with the validated result', async () => {
  const { s, c } = connect();
  s.serve('add', ({ a, b }) => a + b);
  assert.equal(await c.request('add', { a: 2, b: 3 }), 5);
});

test('a handler error rejects the request with its message', async () => {
  const { s, c } = connect();
  s.serve('add', () => {
    throw new Error('no adding today');
  });
  await assert.rejects(c.request('add', { a: 1, b: 1 }), /no adding today/);
});

test('malformed params are refused before the handler runs', async () => {
  const { s, c, invalidOnServer } = connect();
  let called = false;
  s.serve('add', () => {
    called = true;
    return 0;
  });
  // Bypass the compile-time types, as a buggy or hostile peer would.
  await assert.rejects(c.request('add', { a: 1, b: 'two' } as unknown as { a: number; b: number }), /add\.b: expected an integer/);
  assert.equal(called, false);
  assert.equal(invalidOnServer.length, 1);
});

test('a result of the wrong type is refused on arrival', async () => {
  const { s, c } = connect();
  s.serve('add', () => 'five' as unknown as number);
  await assert.rejects(c.request('add', { a: 1, b: 1 }), /add\.result: expected an integer/);
});

test('events reach listeners; unknown and malformed events are dropped and reported', async () => {
  const { s, c, rawToServer, invalidOnServer } = connect();
  const got: string[] = [];
  s.on('hello', (d) => got.push(d.name));
  c.emit('hello', { name: 'x' });
  rawToServer({ rpc: 1, kind: 'event', name: 'hello', data: { name: 3 } });
  rawToServer({ rpc: 1, kind: 'event', name: 'nope', data: {} });
  rawToServer('garbage');
  // The pipe delivers with setImmediate, in order: an immediate queued after them runs after all
  // four. (A 20 ms timer did not: on a loaded machine the loop can be held past 20 ms, and timers
  // run before immediates in the next turn.)
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, ['x']);
  assert.equal(invalidOnServer.length, 3);
});

test('close rejects pending requests', async () => {
  const { s, c } = connect();
  s.serve('add', () => new Promise<number>(() => undefined));
  const p = c.request('add', { a: 1, b: 1 });
  c.close('worker exited');
  await assert.rejects(p, /worker exited/);
  await assert.rejects(c.request('add', { a: 1, b: 1 }), /worker exited/);
});

test('unknown requests get an error reply instead of hanging', async () => {
  const { c } = connect();
  await assert.rejects(c.request('add', { a: 1, b: 1 }), /unknown request "add"/);
});
