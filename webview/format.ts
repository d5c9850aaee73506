// Number formatting for the panel: compact but precise enough to compare candidates.
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (Number.isInteger(v) && abs < 1e12) return v.toLocaleString('en-US');
  if (abs >= 1e6 || (abs > 0 && abs < 1e-3)) return v.toExponential(3);
  return v.toFixed(abs >= 100 ? 1 : 3);
}

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
