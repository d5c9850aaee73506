// How a metric value reads wherever people see it (tree labels and tooltips, notifications, the
// panel's table and detail): short but precise enough to compare candidates.
export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e12) return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  if (abs >= 1e6 || (abs > 0 && abs < 1e-3)) return v.toExponential(3);
  return v.toFixed(abs >= 100 ? 1 : 3);
}

/** 43046721 -> "43,046,721": architecture counts (decimal strings of BigInts) and integers. */
export function groupDigits(n: bigint | number | string): string {
  const decimal = String(n);
  return /^\d+$/.test(decimal) ? decimal.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : decimal;
}
