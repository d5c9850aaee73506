import { checkKeys, checkNumber, choice, fail, here, int, isChoice, isLayer } from '../dsl';
import type { Param } from '../dsl';
import { conv } from './conv';
import type { Layer } from './index';
import { INVERTED_RESIDUAL_REQUIRED, invertedResidual, invertedResidualNodes } from './invertedResidual';
import { makeLayer, type LayerKind, type Ref } from './kind';

export interface StageSpec {
  /** How many blocks; blocks past the chosen depth are inactive. */
  depth: Param<number>;
  /** Stride of the stage's first block (the others use 1). Default 1. */
  stride?: number;
  block: Layer<'invertedResidual'>;
}

/**
 * A stage of `depth` copies of a block. Each copy gets its own decisions (its own kernel,
 * expansion, width); copies past the chosen depth are inactive.
 */
export function stage(spec: StageSpec): Layer<'stage'> {
  const loc = here();
  const l = makeLayer('stage', spec, loc);
  checkKeys('stage()', spec, ['depth', 'stride', 'block'], loc);
  if (isChoice(spec.depth)) {
    const d = spec.depth.options;
    if (d.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 64)) fail(`stage(): 'depth' options must be integers from 1 to 64, got ${d.join(', ')}`, spec.depth.loc ?? loc);
  } else {
    checkNumber('stage()', 'depth', spec.depth, loc, { min: 1, max: 64 });
  }
  checkNumber('stage()', 'stride', spec.stride, loc, { min: 1, max: 8, optional: true });
  const b = spec.block as unknown;
  if (!isLayer(b) || b.type !== 'invertedResidual') fail(`stage(): 'block' must be an invertedResidual({...})`, loc);
  if ((b as Layer<'invertedResidual'>).spec.stride !== undefined) fail(`stage(): set the stride on the stage, not on its block`, b.loc ?? loc);
  return l;
}

export const stageKind: LayerKind<StageSpec> = {
  compile(spec, ctx) {
    const depth = ctx.ref(spec.depth, `${ctx.group}.depth`, ctx.globalScope, ctx.loc);
    const depthOptions = 'decision' in depth ? (ctx.decisions[depth.decision].options as number[]) : [depth.value as number];
    const maxDepth = Math.max(...depthOptions);
    const blocks: Record<string, Ref>[] = [];
    for (let b = 0; b < maxDepth; b++) {
      // Block b exists when the chosen depth is greater than b; each block has its own decisions.
      const whenParent = depthOptions.flatMap((d, idx) => (d > b ? [idx] : []));
      const parent = 'decision' in depth && whenParent.length < depthOptions.length ? { decision: depth.decision, whenParent } : undefined;
      blocks.push(ctx.refsOf(spec.block.spec, `${ctx.group}.blocks.${b}`, new Map(), spec.block.loc ?? ctx.loc, INVERTED_RESIDUAL_REQUIRED, parent));
    }
    const stride = spec.stride ?? 1;
    const group = ctx.group;
    return (g, x, v) => {
      const chosen = v.value(depth) as number;
      for (let b = 0; b < chosen; b++) {
        g.group = `${group}.blocks.${b}`;
        const br = blocks[b];
        x = invertedResidualNodes(g, x, v.num(br.filters, 1), v.num(br.kernel, 3), v.num(br.expand, 1), b === 0 ? stride : 1);
      }
      return x;
    };
  },
  examples: () => [[conv({ filters: 4, kernel: 1 }), stage({ depth: int(1, 3), stride: 2, block: invertedResidual({ filters: choice(4, 8), kernel: 3, expand: choice(1, 2) }) })]],
};
