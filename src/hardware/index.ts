// Hardware cost models: analytic params/FLOPs/activation memory and per-op latency tables.
export * from './costModel';
export * from './latencyTable';
export { topologicalOrder } from './graphWalk';
