// Decodes an architecture into its layer graph: each layer as its kind says (layers/), then the
// classifier head every space ends with.
import { resolve, type CompiledSpace } from './compile';
import { GraphBuilder } from './graphBuilder';
import type { ArchValues } from './layers/kind';
import type { ArchitectureGraph } from './types';

export function decodeArchitecture(space: CompiledSpace, encoding: readonly number[]): ArchitectureGraph {
  const { definition, decisions } = space;
  const g = new GraphBuilder([...definition.input.shape], definition.input.classes);
  const values: ArchValues = {
    value: (ref) => resolve(ref, decisions, encoding),
    num(ref, dflt) {
      const v = resolve(ref, decisions, encoding);
      return typeof v === 'number' ? v : dflt;
    },
  };

  let x = 'n0';
  for (const plan of space.layers) {
    g.group = plan.group;
    g.loc = plan.loc;
    x = plan.decode(g, x, values);
  }
  // The classifier: pool what is still spatial, then dense to the classes and softmax.
  g.group = 'head';
  g.loc = definition.loc;
  g.describe({ op: 'classifier', channels: definition.input.classes });
  if (g.shapeOf(x).length === 3) x = g.globalAvgPool(x);
  x = g.softmax(g.dense(x, definition.input.classes));
  return g.finish(x);
}
