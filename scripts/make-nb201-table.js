#!/usr/bin/env node
// Regenerates data/nas-bench-201.json.gz, the NAS-Bench-201 table behind
// `--estimator table:nas-bench-201`, from the full table (NAS-Bench-201 accuracies plus
// HW-NAS-Bench costs, described with its sources in nb201.meta.json next to it):
//   node scripts/make-nb201-table.js [source.json] [out.json.gz]
// It keeps what a search ranks by: the accuracies on each dataset and each device's latency and
// energy. It drops the benchmark index, and the FLOPs and parameter counts (known for only 9,445
// of the 15,625 cells; every candidate gets analytic ones from its decoded graph). A null ("not
// measured") is left out. Keys and values are copied unchanged, in the source's order, and gzip
// writes no timestamp, so running this again gives a byte-identical file. It also writes
// nas-bench-201.meta.json beside it: the source meta's text for each kept column (units and
// sources), which the table estimator turns into the run's metric catalog.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SOURCE = process.argv[2] || path.join(__dirname, '..', '..', 'shared', 'data', 'nb201.json');
const OUT = process.argv[3] || path.join(__dirname, '..', 'data', 'nas-bench-201.json.gz');
const KEPT = [
  'c10_valid', 'c10_test', 'c100_test', 'in16_valid', 'in16_test',
  'edgegpu_lat', 'edgegpu_energy', 'raspi4_lat', 'edgetpu_lat', 'pixel3_lat',
  'eyeriss_lat', 'eyeriss_energy', 'fpga_lat', 'fpga_energy',
];

const source = JSON.parse(fs.readFileSync(SOURCE, 'utf8'));
const table = {};
for (const [key, record] of Object.entries(source)) {
  const kept = {};
  for (const name of KEPT) if (record[name] !== undefined && record[name] !== null) kept[name] = record[name];
  table[key] = kept;
}
const gz = zlib.gzipSync(JSON.stringify(table), { level: 9 });
fs.writeFileSync(OUT, gz);
console.log(`${OUT}: ${Object.keys(table).length} architectures, ${KEPT.length} metrics, ${gz.length} bytes`);

const sourceMeta = JSON.parse(fs.readFileSync(SOURCE.replace(/\.json$/, '.meta.json'), 'utf8'));
const fields = {};
for (const name of KEPT) fields[name] = sourceMeta.fields[name];
const META = OUT.replace(/\.json\.gz$/, '.meta.json');
fs.writeFileSync(META, `${JSON.stringify({ file: path.basename(OUT), count: Object.keys(table).length, key: sourceMeta.key, fields, sources: { hardware: sourceMeta.hw_source, licenses: sourceMeta.licenses } }, null, 1)}\n`);
console.log(`${META}: ${KEPT.length} column descriptions`);
