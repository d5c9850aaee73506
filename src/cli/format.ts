// Small text helpers for terminal output.

/** 1234567 -> "1.23M": for FLOPs and parameter counts in tables. */
export function compact(n: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [v, u] of units) if (Math.abs(n) >= v) return `${(n / v).toPrecision(3)}${u}`;
  return String(Number.isInteger(n) ? n : Number(n.toPrecision(4)));
}

export function table(rows: (string | number)[][], align: ('l' | 'r')[] = []): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}
