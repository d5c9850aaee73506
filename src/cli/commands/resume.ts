import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSpaceFile } from '../../core/run/runFolder';
import { runState } from '../../core/run/runState';
import { CANDIDATES_FILE, readCandidateLogFile, readRunInfo } from '../../core/run/store';
import { groupDigits } from '../../protocol/formatMetric';
import { parse, type Command } from '../command';
import { table } from '../format';
import { DEFAULT_RUNS_DIR, execute } from './search';

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Continue an interrupted run to its budget, without losing or repeating a candidate',
  help: `Usage: nas resume <run-dir> [--space FILE] [--queue URL] [--json]
       nas resume            (lists the runs in ${DEFAULT_RUNS_DIR} and how each ended)

Continues the run in <run-dir> (a folder with run.json and candidates.jsonl) with its own
settings, rebuilding the strategy from the log. A torn last line is skipped with a warning.
The space is the run's copy of the file it was made from (run-dir/space/), so renaming or
editing that file since does not matter: the run continues the space it started with.

Options:
  --space FILE  resume with this space file instead (runs made before runs kept a copy); refused
                  unless it compiles to the same space as the run's (same hash)
  --queue URL   a run on a queue reconnects to the one it recorded; give its URL again when it
                  has a password (never recorded) or the queue moved. Results that arrived
                  meanwhile are adopted; only what is missing is queued again
  --json        print one JSON object at the end
  -h, --help    show this help`,

  async run(argv) {
    const { values, positionals, help } = parse(argv, { space: { type: 'string' }, queue: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 1, names: 'the run folder (nas resume <run-dir>)' });
    if (help) return (console.log(this.help), 0);
    if (positionals.length === 0) return listRuns(DEFAULT_RUNS_DIR);
    const runDir = path.resolve(positionals[0]);
    const info = readRunInfo(runDir);
    const evaluated = readCandidateLogFile(path.join(runDir, CANDIDATES_FILE)).records.length;
    if (!values.json) process.stderr.write(`resuming run ${info.runId} (${runState(info, evaluated)}, ${groupDigits(evaluated)} of ${groupDigits(info.settings.budget)} evaluated)\n`);
    // The run's copy of its space unless --space names a file, which must then hash the same.
    return execute({ spaceFile: values.space ?? runSpaceFile(runDir, info), settings: info.settings, outDir: path.dirname(runDir), resumeRunDir: runDir, queueUrl: values.queue }, values.json === true);
  },
};

/** The runs of a runs folder, newest first, with how each ended (interrupted: its process went away). */
function listRuns(runsDir: string): number {
  const dirs = fs.existsSync(runsDir) ? fs.readdirSync(runsDir).map((d) => path.join(runsDir, d)).filter((d) => fs.existsSync(path.join(d, 'run.json'))) : [];
  if (dirs.length === 0) {
    console.log(`No runs in ${runsDir}; give the run folder: nas resume <run-dir>`);
    return 0;
  }
  const runs = dirs.map((dir) => {
    const info = readRunInfo(dir);
    const evaluated = readCandidateLogFile(path.join(dir, CANDIDATES_FILE)).records.length;
    return { dir, info, evaluated, state: runState(info, evaluated) };
  }).sort((a, b) => b.info.createdAt.localeCompare(a.info.createdAt));
  const rows = [['run folder', 'space', 'evaluated', 'state'], ...runs.map((r) => [r.dir, r.info.spaceName, `${groupDigits(r.evaluated)}/${groupDigits(r.info.settings.budget)}`, r.state])];
  console.log(table(rows, ['l', 'l', 'r', 'l']));
  return 0;
}
