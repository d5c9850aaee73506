// End-to-end latencies measured elsewhere (TFLite's benchmark tool on a phone, say), the input of
// `nas device fit`: JSON, an object of architecture key -> ms or a list of { key, ms }, or CSV
// with lines `key,ms` (a header line is allowed). Every error names the file and the row.
import { MIN_MEASUREMENTS } from './latencyModel';

export interface MeasuredKey {
  key: string;
  ms: number;
}

function checkMs(value: unknown, where: string): number {
  const ms = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new Error(`${where}: the time ${JSON.stringify(value)} is not a number of milliseconds`);
  if (ms <= 0) throw new Error(`${where}: the time ${ms} ms is not positive`);
  return ms;
}

function rowsOf(text: string, file: string): { key: string; ms: unknown; where: string }[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
    }
    if (Array.isArray(parsed)) {
      return parsed.map((r, i) => {
        if (typeof r !== 'object' || r === null || typeof (r as { key?: unknown }).key !== 'string') throw new Error(`${file}: item ${i} must be { "key": "<architecture key>", "ms": <number> }`);
        return { key: (r as { key: string }).key, ms: (r as { ms?: unknown }).ms, where: `${file}: item ${i}` };
      });
    }
    return Object.entries(parsed as Record<string, unknown>).map(([key, ms]) => ({ key, ms, where: `${file}: key ${JSON.stringify(key)}` }));
  }
  const rows: { key: string; ms: unknown; where: string }[] = [];
  trimmed.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const comma = line.lastIndexOf(',');
    if (comma < 0) throw new Error(`${file}: line ${i + 1}: expected <key>,<ms>, got ${JSON.stringify(line)}`);
    const key = line.slice(0, comma).trim().replace(/^"(.*)"$/, '$1');
    const ms = line.slice(comma + 1).trim();
    if (i === 0 && !Number.isFinite(Number(ms))) return; // a header line
    rows.push({ key, ms, where: `${file}: line ${i + 1}` });
  });
  return rows;
}

/**
 * The measurements of `text`; `checkKey` throws for a key that is not an architecture of the
 * space. Refuses negative or non-numeric times, repeated keys and fewer rows than a fit needs.
 */
export function parseMeasurements(text: string, file: string, checkKey: (key: string) => void): MeasuredKey[] {
  const seen = new Set<string>();
  const out = rowsOf(text, file).map(({ key, ms, where }) => {
    try {
      checkKey(key);
    } catch (e) {
      throw new Error(`${where}: ${JSON.stringify(key)} is not an architecture of the space (${(e as Error).message.split('\n')[0]})`);
    }
    if (seen.has(key)) throw new Error(`${where}: ${JSON.stringify(key)} is measured twice`);
    seen.add(key);
    return { key, ms: checkMs(ms, where) };
  });
  if (out.length < MIN_MEASUREMENTS) throw new Error(`${file}: ${out.length} measurement${out.length === 1 ? '' : 's'}, too few to fit a latency model (at least ${MIN_MEASUREMENTS})`);
  return out;
}
