import { test } from 'node:test';
import * as path from 'node:path';
import { drawArchitecture } from '../../src/core/space/architectureDrawing';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
const root = path.resolve(__dirname, '..', '..', '..');
test('dbg', async () => {
  for (const name of ['mobilenetv2', 'nas-bench-201', 'vgg16-kernels', 'darts']) {
    const { space } = await loadSpaceFile(path.join(root, 'examples', `${name}.nasspace.ts`));
    const arch = space.unrank(space.size / 3n);
    const d = drawArchitecture(space.decode(arch), space.cellDags(arch));
    console.log(name, space.key(arch));
    for (const l of d.summary) console.log('  ', l.text, JSON.stringify(l.shapes), l.params, l.macs);
    for (const c of d.cells) console.log(JSON.stringify(c));
  }
});
