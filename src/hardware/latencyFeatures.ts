// Per-operator features of a graph, for latency models fitted on end-to-end measurements of a
// device we cannot run code on: for each op kind (convolutions by kernel size), how many there
// are, their multiply-adds and the activations they write. Latency on most devices is close to
// linear in these (dispatch per op, compute per MAC, memory traffic per element).
//
// With `fold`, features count the ops an inference compiler keeps (TFLite, ONNX runtimes): a `zeros` op is a constant, an op fed only by constants is folded away, an
// add drops its constant terms, and an op whose result reaches the output only through
// constants is removed. Without this, NAS-Bench-201 cells whose output is all zeros (measured at
// ~0.01 ms on a Raspberry Pi 4) look as costly as the rest. Runtimes that run the graph as
// written (PyTorch on a GPU, HELP's measurements) are modelled better without: the fit tries both
// (hardware/latencyModel.ts).
import type { ArchitectureGraph, GraphNode } from '../core/space/types';
import { elements, topologicalOrder } from './graphWalk';
import { isWorkNode } from './opUnits';

function kindOf(node: GraphNode): string {
  return node.op === 'conv2d' || node.op === 'depthwiseConv2d' ? `${node.op}/k${node.attrs.kernel}` : node.op;
}

/** The nodes that still run after constant folding and dead-code removal, and the live inputs of each. */
export function liveNodes(graph: ArchitectureGraph): Map<string, string[]> {
  const order = topologicalOrder(graph);
  const constant = new Set<string>();
  for (const n of order) if (n.op === 'zeros' || (n.inputs.length > 0 && n.inputs.every((i) => constant.has(i)))) constant.add(n.id);
  const live = new Map<string, string[]>();
  const needed = new Set<string>(constant.has(graph.output) ? [] : [graph.output]);
  for (const n of [...order].reverse()) {
    if (!needed.has(n.id)) continue;
    const inputs = n.inputs.filter((i) => !constant.has(i));
    live.set(n.id, inputs);
    for (const i of inputs) needed.add(i);
  }
  return live;
}

/** Feature name -> value; absent features are 0. MACs and elements in millions, so weights read as ms per million. */
export function latencyFeatures(graph: ArchitectureGraph, fold: boolean): Record<string, number> {
  const f: Record<string, number> = {};
  const bump = (name: string, v: number) => {
    if (v !== 0) f[name] = (f[name] ?? 0) + v;
  };
  const live = fold ? liveNodes(graph) : undefined;
  for (const node of topologicalOrder(graph)) {
    const inputs = live ? live.get(node.id) : node.inputs;
    if (!inputs || !isWorkNode({ ...node, inputs })) continue;
    const kind = kindOf(node);
    bump(`count:${kind}`, 1);
    bump(`mmacs:${kind}`, node.macs / 1e6);
    bump(`melements:${kind}`, elements(node.shape) / 1e6);
  }
  return f;
}
