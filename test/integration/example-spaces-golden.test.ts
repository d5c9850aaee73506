// The example spaces decode exactly as they did before layer kinds moved into their own files
// (core/space/layers): sizes, decisions, keys, encodings and decoded graphs (shapes, params,
// multiply-adds, attributes, groups) of architectures spread over each space's ranks. A change
// here changes every recorded run of these spaces: update the digests only on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ArchitectureGraph } from '../../src/core/space/types';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const root = path.resolve(__dirname, '..', '..', '..');
const ARCHITECTURES = 300n;

const DIGESTS: Record<string, string> = {
  mobilenetv2: '6ec4864d37a6c7aa6a741ad5880a06e9324417f0a3a2db2207afa75dde614da2',
  'nas-bench-201': 'eebe666f5a746bd6f74b6b959e967d9a781103c3be49c2e824bdfd59b94a17ba',
  'vgg16-kernels': 'b96cc196aed23bc58371ebdd9fbfab12050f0b3a37cd899fb9cfd7b26a711deb',
};

/** The graph without what only its drawing reads (blocks, parts), which recorded runs do not depend on. */
function network(graph: ArchitectureGraph): ArchitectureGraph {
  const { blocks: _blocks, ...rest } = graph;
  return { ...rest, nodes: graph.nodes.map(({ part: _part, ...n }) => n) };
}

for (const [name, digest] of Object.entries(DIGESTS)) {
  test(`${name}.nasspace.ts decodes bit-identically`, async () => {
    const { space } = await loadSpaceFile(path.join(root, 'examples', `${name}.nasspace.ts`));
    const hash = createHash('sha256');
    hash.update(JSON.stringify({ size: String(space.size), decisions: space.decisions.map((d) => [d.id, d.options, d.parent, d.cellEdge]) }));
    for (let k = 0n; k < ARCHITECTURES; k++) {
      const arch = space.unrank((k * space.size) / ARCHITECTURES);
      hash.update(JSON.stringify([space.key(arch), arch.encoding, network(space.decode(arch))]));
    }
    assert.equal(hash.digest('hex'), digest);
  });
}
