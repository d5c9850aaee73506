// `nas latency predict|check`: predicted batch-1 latency of candidates on a device, and how far
// the local prediction is from measurement.
import * as fs from 'node:fs';
import { deviceLatencyMetric } from '../../core/estimate/catalog';
import { deviceFile, deviceName, LOCAL_DEVICE } from '../../hardware/deviceStore';
import { createDevices } from '../../runtime/devices';
import { checkLocal, sampleCandidates, type Candidate } from '../../runtime/deviceWork';
import { loadSpaceFile } from '../../runtime/spaceLoader';
import { parse, toInt, UsageError, type Command } from '../command';
import { table } from '../format';

const HELP = `Usage: nas latency predict <space> --device <name|file> (--keys <file> | --sample N) [--seed S] [--json]
       nas latency check <space> --device local --samples N [--seed S] [--json]

predict  prints each candidate's predicted latency on the device; 'partial' when the device's
         profile lacks some of its operators (local measures them instead). --keys: a file with
         one architecture key per line (or a JSON list of keys).
check    profiles what the samples need on this machine, fits the correction on other
         candidates, then predicts and measures N random candidates; prints
         {"samples", "within10", "mape", "spearman", "tableSeconds", "msPerPrediction"} with --json.`;

const options = { device: { type: 'string' }, keys: { type: 'string' }, sample: { type: 'string' }, samples: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } } as const;

function readKeys(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read keys: ${(e as Error).message}`);
  }
  if (text.trim().startsWith('[')) {
    const list: unknown = JSON.parse(text);
    if (!Array.isArray(list) || list.some((k) => typeof k !== 'string')) throw new Error(`${file}: expected a JSON list of architecture keys`);
    return list as string[];
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

export const latencyCommand: Command = {
  name: 'latency',
  summary: 'Predict candidates\' latency on a device (predict), or check local predictions against measurements (check)',
  help: HELP,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') return (console.log(HELP), sub === undefined ? 2 : 0);
    if (sub !== 'predict' && sub !== 'check') throw new UsageError(`unknown latency command '${sub}': expected predict or check`);
    const { values, positionals, help } = parse(rest, options, { min: 1, max: 1, names: 'the space file' });
    if (help) return (console.log(HELP), 0);
    if (!values.device) throw new UsageError(`nas latency ${sub} needs --device <name|file>`);
    const seed = toInt(values.seed, '--seed', 0);
    const { space } = await loadSpaceFile(positionals[0]);
    if (sub === 'check') {
      if (deviceName(values.device) !== LOCAL_DEVICE) throw new UsageError(`nas latency check measures on this machine: --device local (got '${values.device}')`);
      const { selectBackend } = await import('../../train/backend.js');
      const { backend } = await selectBackend();
      const n = toInt(values.samples, '--samples', 20, 2);
      const r = await checkLocal(deviceFile(values.device, process.cwd()), backend, space, n, seed, (m) => process.stderr.write(`${m}\n`));
      const { rows, ...figures } = r;
      if (values.json) console.log(JSON.stringify({ ...figures, backend, rows }));
      else console.log(`${r.samples} candidates on ${backend}: within +-10% ${(100 * r.within10).toFixed(1)}%, MAPE ${(100 * r.mape).toFixed(1)}%, Spearman ${r.spearman.toFixed(3)}; table built in ${r.tableSeconds.toFixed(1)} s, ${r.msPerPrediction.toFixed(3)} ms per prediction`);
      return 0;
    }
    if ((values.keys === undefined) === (values.sample === undefined)) throw new UsageError('nas latency predict needs --keys <file> or --sample N (one of them)');
    const candidates: Candidate[] = values.keys
      ? readKeys(values.keys).map((key) => ({ key, graph: space.decode(space.fromKey(key)) }))
      : sampleCandidates(space, toInt(values.sample, '--sample', 10, 1), seed);
    const [device] = await createDevices([values.device], process.cwd(), space, (m) => process.stderr.write(`${m}\n`));
    const out: { key: string; ms: number | null; partial: boolean; missing?: string[] }[] = [];
    for (const c of candidates) {
      await device.ensure?.(c.graph, c.key);
      const p = device.predict(c.graph);
      out.push({ key: c.key, ms: p.partial ? null : p.ms, partial: p.partial, ...(p.partial ? { missing: p.missing } : {}) });
    }
    if (values.json) console.log(JSON.stringify({ device: device.device, metric: deviceLatencyMetric(device.device), predictions: out }));
    else console.log(table([['key', device.metric], ...out.map((o) => [o.key, o.partial ? `partial (${o.missing!.length} operators missing)` : o.ms!.toFixed(3)])], ['l', 'r']));
    return out.some((o) => o.partial) ? 1 : 0;
  },
};
