import * as path from 'node:path';
import { describeSpace } from '../../runtime/describeSpace';
import { parse, toInt, type Command } from '../command';
import { formatCompact, groupDigits } from '../../protocol/formatMetric';
import { table } from '../format';

export const spaceCommand: Command = {
  name: 'space',
  summary: 'Check a search space file: its size, decisions and a sample architecture',
  help: `Usage: nas space <file.nasspace.ts> [--json] [--seed N]

Loads the space file, checks it, and prints its name, exact size, number of decisions, and a
sample architecture with the output shape and parameters of every layer.

Options:
  --json      print one JSON object: {"name", "size" (decimal string), "decisions", "degenerate"
              (decimal string, when the space can count them), "sample", "problems"}
  --seed N    seed of the sample architecture (default 0)
  -h, --help  show this help

Exit code 1 when the file has problems; each is printed as file:line:column: message.`,

  async run(argv) {
    const { values, positionals, help } = parse(argv, { json: { type: 'boolean' }, seed: { type: 'string' } }, { min: 1, max: 1, names: 'the space file (nas space <file>)' });
    if (help) return (console.log(this.help), 0);
    const d = await describeSpace(positionals[0], { seed: toInt(values.seed, '--seed', 0) });
    if (values.json) {
      console.log(JSON.stringify(d, null, 2));
      return d.problems.length ? 1 : 0;
    }
    if (d.problems.length) {
      for (const p of d.problems) console.error(`${path.relative(process.cwd(), p.file) || p.file}:${p.line}:${p.column}: error: ${p.message}`);
      return 1;
    }
    const s = d.sample!;
    console.log(`Space      ${d.name}`);
    console.log(`File       ${path.relative(process.cwd(), d.file)}`);
    console.log(`Size       ${groupDigits(d.size)} architectures`);
    console.log(`Decisions  ${d.decisions}`);
    if (d.degenerate !== undefined) console.log(`Degenerate ${groupDigits(d.degenerate)} (a cell operation that cannot reach the output; searches skip them)`);
    console.log(`\nSample architecture (seed ${values.seed ?? 0}): ${s.key}`);
    const rows: (string | number)[][] = [['layer', 'op', 'output', 'params']];
    for (const l of s.layers) rows.push([l.group, l.op, l.shape.join('x'), groupDigits(l.params)]);
    console.log(table(rows, ['l', 'l', 'r', 'r']).replace(/^/gm, '  '));
    console.log(`  total: ${groupDigits(s.params)} parameters, ${formatCompact(s.flops)} FLOPs`);
    console.log('\nNo problems found.');
    return 0;
  },
};
