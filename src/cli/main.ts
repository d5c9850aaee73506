// The `nas` command line: one runtime with the extension, a second front end.
import { SpaceError } from '../core/space/errors';
import { TOOL_VERSION } from '../runtime/version';
import { UsageError, type Command } from './command';
import { deviceCommand } from './commands/device';
import { doctorCommand } from './commands/doctor';
import { estimatorsCommand } from './commands/estimators';
import { exportCommand } from './commands/export';
import { initCommand } from './commands/init';
import { latencyCommand } from './commands/latency';
import { predictCommand } from './commands/predict';
import { resumeCommand } from './commands/resume';
import { searchCommand } from './commands/search';
import { spaceCommand } from './commands/space';
// 'nasWorker', not 'worker': the lint rules keep that name for the extension's worker entry.
import { workerCommand } from './commands/nasWorker';
import { workersCommand } from './commands/nasWorkers';

const commands: Command[] = [spaceCommand, searchCommand, resumeCommand, exportCommand, predictCommand, estimatorsCommand, deviceCommand, latencyCommand, doctorCommand, initCommand, workerCommand, workersCommand];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: nas <command> [options]

Hardware-aware neural architecture search.

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run 'nas <command> --help' for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    console.log(TOOL_VERSION);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command '${name}'; run 'nas --help'`);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`nas: ${e.message}`);
      process.exitCode = 2;
    } else if (e instanceof SpaceError) {
      console.error(`${e.format()}`);
      process.exitCode = 1;
    } else {
      console.error(`nas: ${e instanceof Error ? e.message : String(e)}`);
      if (process.env.NAS_DEBUG) console.error(e);
      process.exitCode = 1;
    }
  },
);
