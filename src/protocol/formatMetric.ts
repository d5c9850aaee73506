// How numbers read wherever people see them: the CLI, the tree (labels, tooltips, notifications)
// and the panel (table, detail). One rule, so a count or a metric reads the same everywhere:
// integers with their digits grouped, other values to four significant digits.

/** A metric value: `14,797,448,064`, `91.57`, `0.9123`, `1,234.6`, `1.234e-4`; `-` when missing. */
export function formatMetric(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '-';
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e15 || (abs > 0 && abs < 1e-3)) return v.toExponential(3);
  if (Number.isInteger(v)) return groupDigits(v);
  return abs >= 100 ? groupDigits(v.toFixed(1)) : v.toPrecision(4);
}

/** 43046721 -> "43,046,721": counts (BigInts' decimal strings too), and the integer part of a decimal. */
export function groupDigits(n: bigint | number | string): string {
  const decimal = String(n);
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(decimal);
  return m ? `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}` : decimal;
}

const UNITS = ['', 'k', 'M', 'G', 'T', 'P'];

/** 1234567 -> "1.23M": parameter, MAC and FLOP counts where their size matters, not their last digit. */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) < 1e3) return formatMetric(n);
  let k = 1;
  while (k < UNITS.length - 1 && Math.abs(n) >= 1000 ** (k + 1)) k++;
  let text = (n / 1000 ** k).toPrecision(3);
  // 999,999 rounds to "1.00e+3" thousands: that is 1.00M.
  if (Math.abs(Number(text)) >= 1000 && k < UNITS.length - 1) text = (n / 1000 ** ++k).toPrecision(3);
  return `${text}${UNITS[k]}`;
}

/** Seconds as people say them: "0.4 s", "12 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A training step in a few words: "repeat 1/2 · epoch 2/3 · batch 17/32 · loss 1.234". */
export function formatTrainingStep(p: { repeat: number; repeats: number; epoch: number; epochs: number; batch: number; batches: number; loss: number }): string {
  const repeat = p.repeats > 1 ? `repeat ${p.repeat}/${p.repeats} · ` : '';
  return `${repeat}epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batches} · loss ${formatMetric(p.loss)}`;
}
