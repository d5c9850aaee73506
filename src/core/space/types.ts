// The shapes every part of the product shares about a search space: decisions, architectures
// (as encodings), and the decoded architecture graph that model building and cost models read.

export type OptionValue = number | string | boolean;

/** Where something was written in the user's space file (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * One decision of the space. Decisions are ordered so that a decision's parent comes first.
 * A decision with a parent is active only when the parent is active and has one of `whenParent`
 * option indices: this is how variable depth (blocks past the chosen depth) and user conditions
 * are expressed.
 */
export interface Decision {
  /** Stable dotted path, e.g. `layers.2.blocks.1.kernel` or `cells.nb201.edge(1->3)`. */
  id: string;
  options: readonly OptionValue[];
  parent?: { decision: number; whenParent: readonly number[] };
  /** Set on the edges of a cell DAG: the cell's name and the edge (from node, to node). */
  cellEdge?: { cell: string; from: number; to: number };
  loc?: SourceLocation;
}

/**
 * An architecture is its canonical encoding: one option index per decision, -1 where the
 * decision is inactive. Two architectures are equal when their encodings are.
 */
export interface Architecture {
  readonly encoding: readonly number[];
}

/** Layer operations of the decoded graph, named after what TensorFlow.js builds. */
export type OpKind =
  | 'input'
  | 'conv2d'
  | 'depthwiseConv2d'
  | 'batchNorm'
  | 'relu'
  | 'relu6'
  | 'add'
  | 'concat'
  | 'crop'
  | 'maxPool'
  | 'avgPool'
  | 'globalAvgPool'
  | 'flatten'
  | 'dense'
  | 'dropout'
  | 'zeros'
  | 'identity'
  | 'softmax';

export interface GraphNode {
  id: string;
  op: OpKind;
  /** Ids of the nodes feeding this one (several for `add`). */
  inputs: string[];
  /** Output shape without the batch dimension: [h, w, c] for maps, [n] for vectors. */
  shape: number[];
  /** Trainable plus non-trainable parameters, counted as TensorFlow.js's countParams() does. */
  params: number;
  /** Multiply-accumulate operations for one sample (hardware/costModel turns them into FLOPs). */
  macs: number;
  /** conv2d/depthwiseConv2d: kernel, stride, filters, padding, useBias (depthwiseConv2d: dilation); dense: units, useBias; pools: size, stride; dropout: rate; crop: top, left. */
  attrs: Record<string, number | string | boolean>;
  /** The user-level layer/block this node belongs to, e.g. `layers.2.blocks.1`, for display. */
  group: string;
  /** Inside a cell: the cell node (`2`) or edge (`0->2`) this node computes (ids of CellDag), for the cell drawing's costs. */
  part?: string;
}

/**
 * What one group of nodes is, in the words of its layer kind, for the architecture's summary
 * ("IR k3 e6, 48 ch"). Groups without one are described from their nodes.
 */
export interface GraphBlock {
  group: string;
  /** The block's kind, e.g. `IR`, `cell`, `res block`. */
  op: string;
  /** Its searched settings, e.g. `k3 e6`; blocks with equal ones collapse into `k3 e6 x3`. */
  settings?: string;
  /** Output width (channels or units). */
  channels?: number;
  stride?: number;
  /** Set on a copy of a cell: the cell's name (CellDag.cell). */
  cell?: string;
}

export interface ArchitectureGraph {
  input: number[];
  classes: number;
  nodes: GraphNode[];
  /** Id of the node whose output is the class probabilities. */
  output: string;
  params: number;
  macs: number;
  /** Groups their layer kinds described (GraphBuilder.describe), in order. */
  blocks?: GraphBlock[];
}
