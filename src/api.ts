// The `nas-workbench` module a `.nasspace.ts` file imports. Only the space language: the
// loader provides this same module to space files, whatever folder they live in.
export { defineSpace, choice, int, when } from './core/space/dsl';
export {
  conv, maxPool, avgPool, globalAvgPool, flatten, batchNorm, relu, dense, dropout,
  invertedResidual, stage, cell, cellStack, resBlock, CELL_OPS,
  dartsCell, dartsStack, DARTS_OPS,
} from './core/space/layers';
export type { Choice, Param, SpaceDefinition, DefinedSpace, ArchitectureView, SearchDefaults, TrainDefaults } from './core/space/dsl';
export type {
  Activation, Layer, LayerType, Cell, CellOp, CellSpec, ConvSpec, PoolSpec, DenseSpec, InvertedResidualSpec, StageSpec,
  DartsCell, DartsCellSpec, DartsOp, DartsStackSpec,
} from './core/space/layers';
export type { ArchitectureGraph, GraphNode, OpKind, OptionValue } from './core/space/types';
