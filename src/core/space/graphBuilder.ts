// Builds an architecture graph node by node, computing each node's output shape, parameter
// count (as TensorFlow.js's countParams() counts: batch norm holds 4 x channels) and
// multiply-accumulates. Convolutions use 'same' padding; pools use 'valid' unless told.
import { SpaceError } from './errors';
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
    this.push('input', [], input, 0, 0, {});
  }

  shapeOf(id: string): number[] {
    const s = this.shapes.get(id);
    if (!s) throw new Error(`unknown node ${id}`);
    return s;
  }

  private push(op: OpKind, inputs: string[], shape: number[], params: number, macs: number, attrs: GraphNode['attrs']): string {
    const id = `n${this.nodes.length}`;
    this.nodes.push({ id, op, inputs, shape, params, macs, attrs, group: this.group || op });
    this.shapes.set(id, shape);
    return id;
  }

  private spatial(x: string, what: string): [number, number, number] {
    const s = this.shapeOf(x);
    if (s.length !== 3) throw new SpaceError(`${this.group}: ${what} needs a feature map, but its input is a flat vector of ${s[0]}; put it before flatten()/globalAvgPool()/dense()`, this.loc);
    return s as [number, number, number];
  }

  /** 'same' padding by TensorFlow.js's rule, ceil(in / stride): any stride leaves at least 1x1. */
  private strided(h: number, w: number, stride: number): [number, number] {
    return [Math.ceil(h / stride), Math.ceil(w / stride)];
  }

  conv2d(x: string, filters: number, kernel: number, stride: number, useBias: boolean): string {
    const [h, w, c] = this.spatial(x, 'a convolution');
    const [oh, ow] = this.strided(h, w, stride);
    const params = kernel * kernel * c * filters + (useBias ? filters : 0);
    return this.push('conv2d', [x], [oh, ow, filters], params, kernel * kernel * c * filters * oh * ow, { filters, kernel, stride, padding: 'same', useBias });
  }

  depthwiseConv2d(x: string, kernel: number, stride: number): string {
    const [h, w, c] = this.spatial(x, 'a depthwise convolution');
    const [oh, ow] = this.strided(h, w, stride);
    return this.push('depthwiseConv2d', [x], [oh, ow, c], kernel * kernel * c, kernel * kernel * c * oh * ow, { kernel, stride, padding: 'same', useBias: false });
  }

  batchNorm(x: string): string {
    const s = this.shapeOf(x);
    return this.push('batchNorm', [x], s, 4 * s[s.length - 1], 0, {});
  }

  act(x: string, op: 'relu' | 'relu6' | 'none'): string {
    return op === 'none' ? x : this.push(op, [x], this.shapeOf(x), 0, 0, {});
  }

  pool(x: string, op: 'maxPool' | 'avgPool', size: number, stride: number, padding: 'valid' | 'same' = 'valid'): string {
    const [h, w, c] = this.spatial(x, 'a pooling layer');
    let oh: number, ow: number;
    if (padding === 'same') {
      [oh, ow] = this.strided(h, w, stride);
    } else {
      oh = Math.floor((h - size) / stride) + 1;
      ow = Math.floor((w - size) / stride) + 1;
      if (oh < 1 || ow < 1) throw new SpaceError(`${this.group}: a ${size}x${size} pooling layer receives a ${h}x${w} feature map; it would shrink it below 1x1`, this.loc);
    }
    return this.push(op, [x], [oh, ow, c], 0, 0, { size, stride, padding });
  }

  globalAvgPool(x: string): string {
    const [, , c] = this.spatial(x, 'global average pooling');
    return this.push('globalAvgPool', [x], [c], 0, 0, {});
  }

  flatten(x: string): string {
    const s = this.shapeOf(x);
    return s.length === 1 ? x : this.push('flatten', [x], [s[0] * s[1] * s[2]], 0, 0, {});
  }

  dense(x: string, units: number): string {
    const s = this.shapeOf(x);
    if (s.length !== 1) throw new SpaceError(`${this.group}: dense() needs a flat vector; add flatten() or globalAvgPool() before it`, this.loc);
    return this.push('dense', [x], [units], s[0] * units + units, s[0] * units, { units, useBias: true });
  }

  dropout(x: string, rate: number): string {
    return rate > 0 ? this.push('dropout', [x], this.shapeOf(x), 0, 0, { rate }) : x;
  }

  zeros(x: string): string {
    return this.push('zeros', [x], this.shapeOf(x), 0, 0, {});
  }

  identity(x: string): string {
    return this.push('identity', [x], this.shapeOf(x), 0, 0, {});
  }

  add(inputs: string[]): string {
    if (inputs.length === 1) return inputs[0];
    const s = this.shapeOf(inputs[0]);
    for (const i of inputs) {
      if (this.shapeOf(i).join('x') !== s.join('x')) throw new Error(`internal: add of shapes ${s} and ${this.shapeOf(i)}`);
    }
    return this.push('add', inputs, s, 0, 0, {});
  }

  softmax(x: string): string {
    return this.push('softmax', [x], this.shapeOf(x), 0, 0, {});
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
