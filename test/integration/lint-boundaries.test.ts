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

test('the extension host may not load TensorFlow.js or the training code', async () => {
  assert.match((await messages('src/extension/x.ts', `import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n`)).join(), /never loads TensorFlow.js/);
  assert.match((await messages('src/extension/x.ts', `import { buildModel } from '../train/modelBuilder';\nexport const b = buildModel;\n`)).join(), /talks to the worker over IPC/);
});
