import * as path from 'node:path';
import { readRunInfo } from '../../core/run/store';
import { parse, type Command } from '../command';
import { execute } from './search';

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Continue an interrupted run to its budget, without losing or repeating a candidate',
  help: `Usage: nas resume <run-dir> [--space FILE] [--queue URL] [--json]

Continues the run in <run-dir> (a folder with run.json and candidates.jsonl) with its own
settings, rebuilding the strategy from the log. A torn last line is skipped with a warning.
Refused when the space file changed since the run started.

Options:
  --space FILE  the space file, when it moved since the run started
  --queue URL   a run on a queue reconnects to the one it recorded; give its URL again when it
                  has a password (never recorded) or the queue moved. Results that arrived
                  meanwhile are adopted; only what is missing is queued again
  --json        print one JSON object at the end
  -h, --help    show this help`,

  async run(argv) {
    const { values, positionals, help } = parse(argv, { space: { type: 'string' }, queue: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1, names: 'the run folder (nas resume <run-dir>)' });
    if (help) return (console.log(this.help), 0);
    const runDir = path.resolve(positionals[0]);
    const info = readRunInfo(runDir);
    return execute({ spaceFile: values.space ?? info.spaceFile, settings: info.settings, outDir: path.dirname(runDir), resumeRunDir: runDir, queueUrl: values.queue }, values.json === true);
  },
};
