// The registry of layer kinds. A kind is one file in this folder (its DSL function, checks,
// compilation into decisions, decoding into graph nodes, and small examples) plus its line in
// LayerSpecs and in LAYER_KINDS below, and its export here and in src/api.ts. A kind that emits
// a new graph op also adds the op to OpKind (../types.ts), its definition (../ops.ts: shape,
// params, multiply-adds, memory) and the model builder's case (src/train/modelBuilder.ts); all
// three are compile errors when missing. The registry-driven tests (layer-kinds.test.ts)
// decode every kind's examples and compare them with what TensorFlow.js builds. For the panel's
// drawing (../architectureDrawing.ts), a block kind says what it is with g.describe() (a plain
// layer is described from its nodes), and a cell kind implements CellCodec.dag() and tags the
// nodes of each cell node and edge with g.part; space-drawing.test.ts checks the tags add up.
import { batchNormKind } from './batchNorm';
import { cellStackKind, type CellStackSpec } from './cellStack';
import { convKind, type ConvSpec } from './conv';
import { dartsStackKind, type DartsStackSpec } from './dartsCells';
import { denseKind, type DenseSpec } from './dense';
import { dropoutKind, type DropoutSpec } from './dropout';
import { flattenKind } from './flatten';
import { globalAvgPoolKind } from './globalAvgPool';
import { invertedResidualKind, type InvertedResidualSpec } from './invertedResidual';
import type { LayerKind } from './kind';
import { avgPoolKind, maxPoolKind, type PoolSpec } from './pool';
import { reluKind } from './relu';
import { resBlockKind, type ResBlockSpec } from './resBlock';
import { stageKind, type StageSpec } from './stage';
import type { SourceLocation } from '../types';

/** The settings each layer kind takes. */
export interface LayerSpecs {
  conv: ConvSpec;
  maxPool: PoolSpec;
  avgPool: PoolSpec;
  globalAvgPool: Record<string, never>;
  flatten: Record<string, never>;
  dense: DenseSpec;
  dropout: DropoutSpec;
  batchNorm: Record<string, never>;
  relu: Record<string, never>;
  invertedResidual: InvertedResidualSpec;
  stage: StageSpec;
  cellStack: CellStackSpec;
  resBlock: ResBlockSpec;
  dartsStack: DartsStackSpec;
}
export type LayerType = keyof LayerSpecs;

export interface Layer<T extends LayerType = LayerType> {
  readonly kind: 'layer';
  readonly type: T;
  readonly spec: LayerSpecs[T];
  readonly loc?: SourceLocation;
}

/** Every layer kind by name; a kind missing here (or in LayerSpecs) does not compile. */
export const LAYER_KINDS: { readonly [T in LayerType]: LayerKind<LayerSpecs[T]> } = {
  conv: convKind,
  maxPool: maxPoolKind,
  avgPool: avgPoolKind,
  globalAvgPool: globalAvgPoolKind,
  flatten: flattenKind,
  dense: denseKind,
  dropout: dropoutKind,
  batchNorm: batchNormKind,
  relu: reluKind,
  invertedResidual: invertedResidualKind,
  stage: stageKind,
  cellStack: cellStackKind,
  resBlock: resBlockKind,
  dartsStack: dartsStackKind,
};

export { batchNorm } from './batchNorm';
export { CELL_OPS, cell, cellStack, type Cell, type CellOp, type CellSpec } from './cellStack';
export { conv } from './conv';
export { DARTS_OPS, dartsCell, dartsStack, type DartsCell, type DartsCellSpec, type DartsOp } from './dartsCells';
export { dense } from './dense';
export { dropout } from './dropout';
export { flatten } from './flatten';
export { globalAvgPool } from './globalAvgPool';
export { invertedResidual } from './invertedResidual';
export { avgPool, maxPool } from './pool';
export { relu } from './relu';
export { resBlock } from './resBlock';
export { stage } from './stage';
export type { Activation } from './activation';
export type { ConvSpec, DenseSpec, DropoutSpec, InvertedResidualSpec, PoolSpec, ResBlockSpec, StageSpec, CellStackSpec, DartsStackSpec };
