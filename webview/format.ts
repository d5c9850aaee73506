// Shapes as the panel shows them; numbers read as everywhere else (src/protocol/formatMetric.ts).
export function formatShape(shape: readonly number[]): string {
  return shape.length ? `${shape.join('×')}` : '–';
}
