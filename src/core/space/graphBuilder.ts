// Builds an architecture graph node by node. Each node's output shape, parameters and
// multiply-accumulates come from its op's definition (ops.ts); the methods here only spell the
// attributes of each op and skip nodes that would do nothing. Convolutions use 'same' padding;
// pools use 'valid' unless told.
import { SpaceError } from './errors';
import { OPS, OpShapeError } from './ops';
import type { ArchitectureGraph, GraphNode, OpKind, SourceLocation } from './types';

export class GraphBuilder {
  private nodes: GraphNode[] = [];
  private shapes = new Map<string, number[]>();
  group = '';
  loc: SourceLocation | undefined;

  constructor(
    readonly input: number[],
    readonly classes: number,
  ) {
    this.push('input', [], {}, input);
  }

  shapeOf(id: string): number[] {
    const s = this.shapes.get(id);
    if (!s) throw new Error(`unknown node ${id}`);
    return s;
  }

  private push(op: OpKind, inputs: string[], attrs: GraphNode['attrs'], inputShape?: number[]): string {
    const def = OPS[op];
    const ins = inputs.map((i) => this.shapeOf(i));
    let shape: number[];
    try {
      shape = inputShape ?? def.shape(ins, attrs);
    } catch (e) {
      if (e instanceof OpShapeError) throw new SpaceError(`${this.group}: ${e.message}`, this.loc);
      throw e;
    }
    const id = `n${this.nodes.length}`;
    this.nodes.push({ id, op, inputs, shape, params: def.params(ins, shape, attrs), macs: def.macs(ins, shape, attrs), attrs, group: this.group || op });
    this.shapes.set(id, shape);
    return id;
  }

  conv2d(x: string, filters: number, kernel: number, stride: number, useBias: boolean): string {
    return this.push('conv2d', [x], { filters, kernel, stride, padding: 'same', useBias });
  }

  depthwiseConv2d(x: string, kernel: number, stride: number): string {
    return this.push('depthwiseConv2d', [x], { kernel, stride, padding: 'same', useBias: false });
  }

  batchNorm(x: string): string {
    return this.push('batchNorm', [x], {});
  }

  act(x: string, op: 'relu' | 'relu6' | 'none'): string {
    return op === 'none' ? x : this.push(op, [x], {});
  }

  pool(x: string, op: 'maxPool' | 'avgPool', size: number, stride: number, padding: 'valid' | 'same' = 'valid'): string {
    return this.push(op, [x], { size, stride, padding });
  }

  globalAvgPool(x: string): string {
    return this.push('globalAvgPool', [x], {});
  }

  flatten(x: string): string {
    return this.shapeOf(x).length === 1 ? x : this.push('flatten', [x], {});
  }

  dense(x: string, units: number): string {
    return this.push('dense', [x], { units, useBias: true });
  }

  dropout(x: string, rate: number): string {
    return rate > 0 ? this.push('dropout', [x], { rate }) : x;
  }

  zeros(x: string): string {
    return this.push('zeros', [x], {});
  }

  identity(x: string): string {
    return this.push('identity', [x], {});
  }

  add(inputs: string[]): string {
    return inputs.length === 1 ? inputs[0] : this.push('add', inputs, {});
  }

  softmax(x: string): string {
    return this.push('softmax', [x], {});
  }

  finish(output: string): ArchitectureGraph {
    return {
      input: this.input,
      classes: this.classes,
      nodes: this.nodes,
      output,
      params: this.nodes.reduce((a, n) => a + n.params, 0),
      macs: this.nodes.reduce((a, n) => a + n.macs, 0),
    };
  }
}
