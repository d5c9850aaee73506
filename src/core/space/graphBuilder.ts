// Builds an architecture graph node by node. Each node's output shape, parameters and
// multiply-accumulates come from its op's definition (ops.ts); the named methods only spell the
// attributes of each op and skip nodes that would do nothing. Convolutions use 'same' padding;
// pools use 'valid' unless told.
import { SpaceError } from './errors';
import { OPS, OpShapeError } from './ops';
import type { ArchitectureGraph, GraphBlock, GraphNode, OpKind, SourceLocation } from './types';

export class GraphBuilder {
  private nodes: GraphNode[] = [];
  private shapes = new Map<string, number[]>();
  private blocks: GraphBlock[] = [];
  group = '';
  /** Set by cell kinds while they emit a cell's node or edge (GraphNode.part); empty elsewhere. */
  part = '';
  loc: SourceLocation | undefined;

  constructor(
    readonly input: number[],
    readonly classes: number,
  ) {
    this.node('input', [], {}, input);
  }

  shapeOf(id: string): number[] {
    const s = this.shapes.get(id);
    if (!s) throw new Error(`unknown node ${id}`);
    return s;
  }

  /**
   * Appends a node of any op (the named methods below are the usual way) and returns its id.
   * `shape` is given only for the input node, whose shape is the space's, not computed.
   */
  node(op: OpKind, inputs: string[], attrs: GraphNode['attrs'], shape?: number[]): string {
    const def = OPS[op];
    const ins = inputs.map((i) => this.shapeOf(i));
    try {
      shape ??= def.shape(ins, attrs);
    } catch (e) {
      if (e instanceof OpShapeError) throw new SpaceError(`${this.group}: ${e.message}`, this.loc);
      throw e;
    }
    const id = `n${this.nodes.length}`;
    this.nodes.push({ id, op, inputs, shape, params: def.params(ins, shape, attrs), macs: def.macs(ins, shape, attrs), attrs, group: this.group || op, ...(this.part ? { part: this.part } : {}) });
    this.shapes.set(id, shape);
    return id;
  }

  /** Says what the current group is, for the architecture's summary. */
  describe(block: Omit<GraphBlock, 'group'>): void {
    this.blocks.push({ group: this.group, ...block });
  }

  conv2d(x: string, filters: number, kernel: number, stride: number, useBias: boolean): string {
    return this.node('conv2d', [x], { filters, kernel, stride, padding: 'same', useBias });
  }

  depthwiseConv2d(x: string, kernel: number, stride: number): string {
    return this.node('depthwiseConv2d', [x], { kernel, stride, padding: 'same', useBias: false });
  }

  batchNorm(x: string): string {
    return this.node('batchNorm', [x], {});
  }

  act(x: string, op: 'relu' | 'relu6' | 'none'): string {
    return op === 'none' ? x : this.node(op, [x], {});
  }

  pool(x: string, op: 'maxPool' | 'avgPool', size: number, stride: number, padding: 'valid' | 'same' = 'valid'): string {
    return this.node(op, [x], { size, stride, padding });
  }

  globalAvgPool(x: string): string {
    return this.node('globalAvgPool', [x], {});
  }

  flatten(x: string): string {
    return this.shapeOf(x).length === 1 ? x : this.node('flatten', [x], {});
  }

  dense(x: string, units: number): string {
    return this.node('dense', [x], { units, useBias: true });
  }

  dropout(x: string, rate: number): string {
    return rate > 0 ? this.node('dropout', [x], { rate }) : x;
  }

  zeros(x: string): string {
    return this.node('zeros', [x], {});
  }

  identity(x: string): string {
    return this.node('identity', [x], {});
  }

  add(inputs: string[]): string {
    return inputs.length === 1 ? inputs[0] : this.node('add', inputs, {});
  }

  softmax(x: string): string {
    return this.node('softmax', [x], {});
  }

  finish(output: string): ArchitectureGraph {
    // A node that does not feed the output (a DARTS cell input no node chose) is no part of the
    // network: TensorFlow.js leaves it out of the model, and it costs nothing.
    const feeds = new Set([output, 'n0']);
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      if (feeds.has(this.nodes[i].id)) for (const id of this.nodes[i].inputs) feeds.add(id);
    }
    const nodes = feeds.size === this.nodes.length ? this.nodes : this.nodes.filter((n) => feeds.has(n.id));
    return {
      input: this.input,
      classes: this.classes,
      nodes,
      output,
      params: nodes.reduce((a, n) => a + n.params, 0),
      macs: nodes.reduce((a, n) => a + n.macs, 0),
      blocks: this.blocks,
    };
  }
}
