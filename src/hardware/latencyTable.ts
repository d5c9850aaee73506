// Per-operator latency lookup tables: a latency estimate without running the model, as the sum
// of measured per-op latencies (the LUT approach of ProxylessNAS / FBNet). An op's signature
// holds everything that changes its cost: op kind, input and output shapes, kernel, stride,
// padding, bias. Tables are JSON files, one per device and backend.
import * as fs from 'node:fs';
import { OPS } from '../core/space/ops';
import type { ArchitectureGraph, GraphNode } from '../core/space/types';
import { shapesById, topologicalOrder } from './graphWalk';

export const LATENCY_TABLE_FORMAT = 'nas-latency-table';

export interface LatencyTable {
  format: typeof LATENCY_TABLE_FORMAT;
  version: 1;
  /** Free text naming the hardware, e.g. "2-core EPYC, Node 20". */
  device: string;
  /** TensorFlow.js backend the entries were measured on, e.g. "wasm". */
  backend?: string;
  /** Batch size of the measurements (1 for inference latency). */
  batch: number;
  /** Milliseconds per op, keyed by opSignature(). */
  entries: Record<string, number>;
}

const SIGNATURE_ATTRS = ['kernel', 'stride', 'size', 'padding', 'useBias', 'dilation', 'top', 'left'] as const;

/** e.g. `conv2d in=28x28x16 out=14x14x32 kernel=3 stride=2 padding=same useBias=false`. */
export function opSignature(node: GraphNode, inputShapes: number[][]): string {
  const parts = [node.op, `in=${inputShapes.map((s) => s.join('x')).join('+')}`, `out=${node.shape.join('x')}`];
  for (const a of SIGNATURE_ATTRS) if (node.attrs[a] !== undefined) parts.push(`${a}=${node.attrs[a]}`);
  return parts.join(' ');
}

export interface OpToMeasure {
  signature: string;
  node: GraphNode;
  inputShapes: number[][];
}

/** The distinct op signatures of a graph that need an entry (what a table builder measures). */
export function signaturesOf(graph: ArchitectureGraph): OpToMeasure[] {
  const shapes = shapesById(graph);
  const seen = new Map<string, OpToMeasure>();
  for (const node of topologicalOrder(graph)) {
    if (OPS[node.op].free) continue;
    const inputShapes = node.inputs.map((id) => shapes.get(id)!);
    const signature = opSignature(node, inputShapes);
    if (!seen.has(signature)) seen.set(signature, { signature, node, inputShapes });
  }
  return [...seen.values()];
}

export interface LatencyPrediction {
  totalMs: number;
  perNode: { id: string; signature: string; ms: number }[];
  /** Signatures the table lacks; totalMs is then a lower bound. */
  missing: string[];
}

export function predictLatency(graph: ArchitectureGraph, table: LatencyTable): LatencyPrediction {
  const shapes = shapesById(graph);
  const perNode: LatencyPrediction['perNode'] = [];
  const missing = new Set<string>();
  let totalMs = 0;
  for (const node of topologicalOrder(graph)) {
    if (OPS[node.op].free) continue;
    const signature = opSignature(node, node.inputs.map((id) => shapes.get(id)!));
    const ms = table.entries[signature];
    if (ms === undefined) {
      missing.add(signature);
      continue;
    }
    perNode.push({ id: node.id, signature, ms });
    totalMs += ms;
  }
  return { totalMs, perNode, missing: [...missing] };
}

/** Validates parsed JSON as a LatencyTable; errors name `where` and the offending field. */
export function validateLatencyTable(value: unknown, where: string): LatencyTable {
  const fail = (msg: string): never => {
    throw new Error(`${where}: ${msg}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('a latency table must be a JSON object');
  const t = value as Record<string, unknown>;
  if (t.format !== LATENCY_TABLE_FORMAT) fail(`"format" must be "${LATENCY_TABLE_FORMAT}", got ${JSON.stringify(t.format)}`);
  if (t.version !== 1) fail(`"version" ${JSON.stringify(t.version)} is not supported (only 1)`);
  if (typeof t.device !== 'string' || t.device === '') fail('"device" must be a non-empty string');
  if (t.backend !== undefined && typeof t.backend !== 'string') fail('"backend" must be a string');
  if (!(typeof t.batch === 'number' && Number.isInteger(t.batch) && t.batch >= 1)) fail('"batch" must be a whole number >= 1');
  if (typeof t.entries !== 'object' || t.entries === null || Array.isArray(t.entries)) return fail('"entries" must be an object of signature -> milliseconds');
  for (const [sig, ms] of Object.entries(t.entries as Record<string, unknown>)) {
    if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) fail(`entry "${sig}" must be a finite number of milliseconds >= 0, got ${JSON.stringify(ms)}`);
  }
  return t as unknown as LatencyTable;
}

export function loadLatencyTable(file: string): LatencyTable {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read latency table: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  return validateLatencyTable(parsed, file);
}
