// The design's dependency direction is a lint rule: a wrong-direction import fails `npm test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..', '..');

async function messages(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => m.message);
}

test('src/core may not import vscode, TensorFlow.js or our other folders', async () => {
  assert.match((await messages('src/core/search/x.ts', `import * as vscode from 'vscode';\nexport const v = vscode;\n`)).join(), /src\/core is pure: it must not import vscode/);
  assert.match((await messages('src/core/space/x.ts', `import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n`)).join(), /TensorFlow.js belongs in src\/train/);
  assert.match((await messages('src/core/run/x.ts', `import { selectBackend } from '../../train/backend';\nexport const s = selectBackend;\n`)).join(), /imports nothing of ours outside src\/core/);
  assert.deepEqual(await messages('src/core/run/x.ts', `import { Rng } from '../rng';\nexport const r = Rng;\n`), []);
});

test('the space language may not import the search', async () => {
  assert.match((await messages('src/core/space/x.ts', `import { STRATEGY_NAMES } from '../search/strategyNames';\nexport const s = STRATEGY_NAMES;\n`)).join(), /space language does not know the search/);
  assert.match((await messages('src/core/space/layers/x.ts', `import type { Objective } from '../../search/objectives';\nexport type O = Objective;\n`)).join(), /space language does not know the search/);
  // The core's own rules still hold there, and the search may import the space.
  assert.match((await messages('src/core/space/x.ts', `import * as vscode from 'vscode';\nexport const v = vscode;\n`)).join(), /must not import vscode/);
  assert.deepEqual(await messages('src/core/search/x.ts', `import { SpaceError } from '../space/errors';\nexport const e = SpaceError;\n`), []);
});

test('the extension host may not load TensorFlow.js or the training code', async () => {
  assert.match((await messages('src/extension/x.ts', `import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n`)).join(), /never loads TensorFlow.js/);
  assert.match((await messages('src/extension/x.ts', `import { buildModel } from '../train/modelBuilder';\nexport const b = buildModel;\n`)).join(), /talks to the worker over IPC/);
});

test('protocol, train, hardware, runtime, worker and cli keep to their direction too', async () => {
  assert.match((await messages('src/protocol/x.ts', `import { runSearch } from '../runtime/runtime';\nexport const r = runSearch;\n`)).join(), /imports only core/);
  assert.match((await messages('src/train/x.ts', `import { execute } from '../cli/commands/search';\nexport const e = execute;\n`)).join(), /train\/ imports only core/);
  assert.match((await messages('src/hardware/x.ts', `import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n`)).join(), /cost models/);
  assert.match((await messages('src/worker/x.ts', `import { activate } from '../extension/extension';\nexport const a = activate;\n`)).join(), /never imports the extension host/);
  assert.match((await messages('src/runtime/x.ts', `import { execute } from '../cli/commands/search';\nexport const e = execute;\n`)).join(), /runtime never imports/);
  assert.match((await messages('src/cli/x.ts', `import * as w from '../worker/main';\nexport const m = w;\n`)).join(), /CLI never imports/);
  assert.match((await messages('webview/x.ts', `import { analyticCost } from '../src/hardware/costModel';\nexport const a = analyticCost;\n`)).join(), /only renders/);
});

test('train may read the cost module in hardware; hardware never imports train', async () => {
  assert.deepEqual(await messages('src/train/x.ts', `import { trainingMemoryBytes } from '../hardware/costModel';\nexport const m = trainingMemoryBytes;\n`), []);
  assert.match((await messages('src/hardware/x.ts', `import { buildModel } from '../train/modelBuilder';\nexport const b = buildModel;\n`)).join(), /cost models/);
});
