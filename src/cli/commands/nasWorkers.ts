import { liveWorkers } from '../../runtime/pools/queueWorker';
import { table } from '../format';
import { queueOption } from '../queueOption';
import { parse, type Command } from '../command';

export const workersCommand: Command = {
  name: 'workers',
  summary: "The 'nas worker' processes on a queue now, and what each evaluates",
  help: `Usage: nas workers --queue redis://host:port/<name> [--json]

Lists the workers connected to the queue (host:pid), how long they have been connected, and the
candidates each is evaluating (run id and key).

Options:
  --queue URL   the queue, as given to 'nas worker'
  --json        print the list as JSON
  -h, --help    show this help`,

  async run(argv) {
    const { values, help } = parse(argv, { queue: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
    if (help) return (console.log(this.help), 0);
    const address = queueOption(values.queue);
    const workers = await liveWorkers(address);
    if (values.json) console.log(JSON.stringify(workers));
    else if (workers.length === 0) console.log(`No worker on ${address.display}.`);
    else {
      const rows = [['worker', 'connected', 'evaluating'], ...workers.map((w) => [w.id, `${w.ageSec} s`, w.evaluating.map((e) => `${e.runId} ${e.key}`).join(', ') || 'idle'])];
      console.log(table(rows, ['l', 'r', 'l']));
    }
    return 0;
  },
};
