// Decodes an architecture into its layer graph, family by family: plain layers, MobileNetV2
// stages of inverted residual blocks, and cell DAGs (NAS-Bench-201 cells and reduction blocks).
import { resolve, type CellPlan, type CompiledSpace, type Ref } from './compile';
import type { Activation } from './dsl';
import { GraphBuilder } from './graphBuilder';
import type { ArchitectureGraph, OptionValue } from './types';

export function decodeArchitecture(space: CompiledSpace, encoding: readonly number[]): ArchitectureGraph {
  const { definition, decisions } = space;
  const g = new GraphBuilder([...definition.input.shape], definition.input.classes);
  const value = (refs: Record<string, Ref>, k: string): OptionValue | undefined => resolve(refs[k], decisions, encoding);
  const num = (refs: Record<string, Ref>, k: string, dflt: number): number => {
    const v = value(refs, k);
    return typeof v === 'number' ? v : dflt;
  };

  let x = 'n0';
  for (const plan of space.layers) {
    g.group = plan.group;
    g.loc = plan.loc;
    const r = plan.refs;
    switch (plan.type) {
      case 'conv': {
        const bn = value(r, 'batchNorm') !== false;
        x = g.conv2d(x, num(r, 'filters', 1), num(r, 'kernel', 3), num(r, 'stride', 1), !bn);
        if (bn) x = g.batchNorm(x);
        x = g.act(x, (value(r, 'activation') as Activation | undefined) ?? 'relu');
        break;
      }
      case 'maxPool':
      case 'avgPool': {
        const size = num(r, 'size', 2);
        x = g.pool(x, plan.type, size, num(r, 'stride', size));
        break;
      }
      case 'globalAvgPool':
        x = g.globalAvgPool(x);
        break;
      case 'flatten':
        x = g.flatten(x);
        break;
      case 'batchNorm':
        x = g.batchNorm(x);
        break;
      case 'relu':
        x = g.act(x, 'relu');
        break;
      case 'dense':
        x = g.act(g.dense(x, num(r, 'units', 1)), (value(r, 'activation') as Activation | undefined) ?? 'relu');
        break;
      case 'dropout':
        x = g.dropout(x, num(r, 'rate', 0));
        break;
      case 'invertedResidual':
        x = invertedResidual(g, x, num(r, 'filters', 1), num(r, 'kernel', 3), num(r, 'expand', 1), num(r, 'stride', 1));
        break;
      case 'stage': {
        const st = plan.stage!;
        const depth = resolve(st.depth, decisions, encoding) as number;
        for (let b = 0; b < depth; b++) {
          g.group = `${plan.group}.blocks.${b}`;
          const br = st.blocks[b];
          x = invertedResidual(g, x, num(br, 'filters', 1), num(br, 'kernel', 3), num(br, 'expand', 1), b === 0 ? st.stride : 1);
        }
        break;
      }
      case 'cellStack': {
        const cell = plan.cell!;
        const ops = cell.edges.map((e) => decisions[e.decision].options[encoding[e.decision]] as string);
        for (let k = 0; k < num(r, 'repeat', 1); k++) {
          g.group = `${plan.group}.cells.${k}`;
          x = cellDag(g, x, cell, ops);
        }
        break;
      }
      case 'resBlock':
        x = resBlock(g, x, num(r, 'filters', 1), num(r, 'stride', 2));
        break;
    }
  }
  // The classifier: pool what is still spatial, then dense to the classes and softmax.
  g.group = 'head';
  g.loc = definition.loc;
  if (g.shapeOf(x).length === 3) x = g.globalAvgPool(x);
  x = g.softmax(g.dense(x, definition.input.classes));
  return g.finish(x);
}

function invertedResidual(g: GraphBuilder, x: string, filters: number, kernel: number, expand: number, stride: number): string {
  const inChannels = g.shapeOf(x)[2];
  let y = x;
  if (expand !== 1) y = g.act(g.batchNorm(g.conv2d(y, inChannels * expand, 1, 1, false)), 'relu6');
  y = g.act(g.batchNorm(g.depthwiseConv2d(y, kernel, stride)), 'relu6');
  y = g.batchNorm(g.conv2d(y, filters, 1, 1, false));
  return stride === 1 && inChannels === filters ? g.add([x, y]) : y;
}

/** NAS-Bench-201 cell: node j sums op(i->j)(node i) over i < j; convs are ReLU-conv-BN. */
function cellDag(g: GraphBuilder, x: string, cell: CellPlan, ops: string[]): string {
  const nodes = [x];
  const channels = g.shapeOf(x)[2];
  for (let to = 1; to < cell.nodes; to++) {
    const terms: string[] = [];
    cell.edges.forEach((e, k) => {
      if (e.to !== to) return;
      const from = nodes[e.from];
      switch (ops[k]) {
        case 'none': terms.push(g.zeros(from)); break;
        case 'skip_connect': terms.push(g.identity(from)); break;
        case 'nor_conv_1x1': terms.push(g.batchNorm(g.conv2d(g.act(from, 'relu'), channels, 1, 1, false))); break;
        case 'nor_conv_3x3': terms.push(g.batchNorm(g.conv2d(g.act(from, 'relu'), channels, 3, 1, false))); break;
        case 'avg_pool_3x3': terms.push(g.pool(from, 'avgPool', 3, 1, 'same')); break;
        default: throw new Error(`internal: unknown cell op ${ops[k]}`);
      }
    });
    nodes.push(g.add(terms));
  }
  return nodes[nodes.length - 1];
}

/** ResNet basic block with a strided ReLU-conv-BN pair and an avg-pool + 1x1 conv shortcut. */
function resBlock(g: GraphBuilder, x: string, filters: number, stride: number): string {
  let a = g.batchNorm(g.conv2d(g.act(x, 'relu'), filters, 3, stride, false));
  a = g.batchNorm(g.conv2d(g.act(a, 'relu'), filters, 3, 1, false));
  let b = x;
  if (stride > 1) b = g.pool(b, 'avgPool', stride, stride, 'same');
  if (g.shapeOf(x)[2] !== filters) b = g.conv2d(b, filters, 1, 1, false);
  return g.add([a, b]);
}
