// What `nas space` prints and what the editor shows for a space file: name, exact size, a
// sample architecture with its layer shapes, and problems with their places. Never throws for
// a bad space file: its problems are the answer.
import { Rng } from '../core/rng';
import { SpaceError } from '../core/space/errors';
import { flopsOf } from '../hardware/costModel';
import type { SpaceDescription, SpaceProblem } from '../protocol/runtimeTypes';
import { loadSpaceFile, type LoadedSpace, type LoadOptions } from './spaceLoader';

export async function describeSpace(file: string, options: LoadOptions & { seed?: number } = {}): Promise<SpaceDescription> {
  let loaded: LoadedSpace | undefined;
  try {
    loaded = await loadSpaceFile(file, options);
    const { file: abs, space, exportLine } = loaded;
    const arch = space.sample(new Rng(options.seed ?? 0));
    const graph = space.decode(arch);
    const defaults = space.definition.search;
    return {
      file: abs,
      name: space.name,
      size: space.size.toString(),
      decisions: space.decisions.length,
      ...(space.degenerateCount !== null ? { degenerate: space.degenerateCount.toString() } : {}),
      exportLine,
      searchDefaults: defaults && { ...defaults, objectives: defaults.objectives && [...defaults.objectives], constraints: defaults.constraints && [...defaults.constraints], cheap: defaults.cheap && [...defaults.cheap] },
      sample: {
        key: space.key(arch),
        values: space.values(arch),
        layers: graph.nodes.map((n) => ({ group: n.group, op: n.op, shape: n.shape, params: n.params })),
        params: graph.params,
        flops: flopsOf(graph.macs),
      },
      problems: [],
    };
  } catch (e) {
    return { file, name: '', size: '0', decisions: 0, problems: [toProblem(e, file)] };
  } finally {
    loaded?.release();
  }
}

export function toProblem(e: unknown, file: string): SpaceProblem {
  if (e instanceof SpaceError) {
    return { message: e.message, file: e.loc?.file ?? file, line: e.loc?.line ?? 1, column: e.loc?.column ?? 1 };
  }
  // Not the user's fault: still reported in place, with what we know.
  return { message: `internal error while loading the space: ${e instanceof Error ? e.message : String(e)}`, file, line: 1, column: 1 };
}
