// Number formatting for the panel. Metric values read as in the tree (one shared rule).
export { formatMetric as formatNumber } from '../src/protocol/formatMetric';

/** 1234567 -> "1.23 M", for parameter and MAC counts. */
export function formatCount(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(2)} G`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(2)} M`;
  if (abs >= 1e3) return `${(v / 1e3).toFixed(1)} k`;
  return String(v);
}

export function formatShape(shape: readonly number[]): string {
  return shape.length ? `${shape.join('×')}` : '–';
}
