// `nas space` and `nas search` read numbers the same way (one formatter, protocol/formatMetric.ts):
// a space of 4,096 architectures is "4,096" in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const nas = path.join(root, 'bin', 'nas.js');

test('nas space and nas search group the digits of a space size alike', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-numbers-'));
  const space = path.join(tmp, 'wide.nasspace.ts');
  const filters = 'choice(1, 2, 3, 4, 5, 6, 7, 8)';
  fs.writeFileSync(space, [
    "import { choice, conv, defineSpace, globalAvgPool } from 'nas-workbench';",
    "export default defineSpace({ name: 'wide', input: { shape: [8, 8, 1], classes: 2 },",
    `  layers: [conv({ filters: ${filters}, kernel: 1 }), conv({ filters: ${filters}, kernel: 1 }), conv({ filters: ${filters}, kernel: 1 }), conv({ filters: ${filters}, kernel: 1 }), globalAvgPool()] });`,
    '',
  ].join('\n'));
  // A table of every key (four digits, whichever way a choice is keyed): the run says how large the space is.
  const digits = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const keys = digits.flatMap((a) => digits.flatMap((b) => digits.flatMap((c) => digits.map((d) => `${a},${b},${c},${d}`))));
  fs.writeFileSync(path.join(tmp, 'table.json'), JSON.stringify(Object.fromEntries(keys.map((k) => [k, { acc: 1 }]))));
  const run = (args: string[]) => spawnSync(process.execPath, [nas, ...args], { encoding: 'utf8', cwd: tmp });
  const described = run(['space', space]);
  assert.equal(described.status, 0, described.stderr);
  assert.match(described.stdout, /^Size {7}4,096 architectures$/m);
  const searched = run(['search', space, '--estimator', 'table:table.json', '--strategy', 'random', '--budget', '1', '--objective', 'max:acc', '--out', path.join(tmp, 'run')]);
  assert.match(searched.stderr, /^run \S+: wide \(4,096 architectures\), random, budget 1$/m, searched.stderr);
});
