// The space leaves the confined process as plain data and is rebuilt through the space language:
// every small space family comes back with the same decisions, and data a compromised sandbox
// could send is refused or checked again, never trusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledSearchSpace } from '../../src/core/space/space';
import { fromSpaceData, toSpaceData, type SpaceData } from '../../src/runtime/sandbox/spaceData';
import { smallSpaces } from './helpers/smallSpaces';

const loc = { file: '/x.nasspace.ts', line: 3, column: 5 };

test('every small space family comes back with the same decisions and size', () => {
  for (const [name, make] of Object.entries(smallSpaces)) {
    const original = new CompiledSearchSpace(make());
    const data = structuredClone(toSpaceData(original.definition));
    const rebuilt = new CompiledSearchSpace(fromSpaceData(data, undefined));
    assert.equal(rebuilt.size, original.size, name);
    assert.deepEqual(rebuilt.decisions.map((d) => [d.id, d.options, d.parent]), original.decisions.map((d) => [d.id, d.options, d.parent]), name);
  }
});

function data(layers: SpaceData['settings']): SpaceData {
  return {
    choices: [],
    cells: [],
    hasConstraint: false,
    loc,
    settings: { $: 'object', entries: [['name', 'x'], ['input', { $: 'object', entries: [['shape', [8, 8, 1]], ['classes', 2]] }], ['layers', layers]] },
  };
}

test('a layer type that is no layer function of the API is refused', () => {
  // Another API function gets the data as its argument and refuses it (it makes no layer either way).
  assert.throws(() => fromSpaceData(data([{ $: 'layer', type: 'defineSpace', spec: { $: 'object', entries: [] } }]), undefined), /defineSpace\(\): 'name' must be/);
  assert.throws(() => fromSpaceData(data([{ $: 'layer', type: 'choice', spec: [1, 2] }]), undefined), /malformed space data/);
  assert.throws(() => fromSpaceData(data([{ $: 'layer', type: 'toString', spec: { $: 'object', entries: [] } }]), undefined), /malformed space data/);
});

test('settings are checked again in the parent, at the place the sandbox reported', () => {
  const conv = (entries: [string, SpaceData['settings']][]) => fromSpaceData(data([{ $: 'layer', type: 'conv', spec: { $: 'object', entries }, loc }]), undefined);
  assert.throws(() => conv([['filters', -4], ['kernel', 3]]), (e: Error & { loc?: unknown }) => /'filters' must be between 1/.test(e.message) && JSON.stringify(e.loc) === JSON.stringify(loc));
  // A key named __proto__ stays a key (and an unknown setting), not a prototype.
  assert.throws(() => conv([['filters', 4], ['kernel', 3], ['__proto__', { $: 'object', entries: [['polluted', true]] }]]), /unknown setting '__proto__'/);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
});
