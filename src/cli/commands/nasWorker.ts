import { startQueueWorker } from '../../runtime/pools/queueWorker';
import { queueOption } from '../queueOption';
import { parse, toInt, UsageError, type Command } from '../command';

const options = {
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  'data-dir': { type: 'string' },
  'lock-seconds': { type: 'string' },
  'max-stalls': { type: 'string' },
} as const;

export const workerCommand: Command = {
  name: 'worker',
  summary: "Evaluate candidates for 'nas search --queue' searches, on this machine",
  help: `Usage: nas worker --queue redis://host:port/<name> [options]

Takes evaluation requests from the queue that 'nas search --queue' fills, evaluates each with
the estimator and settings the request names (the space file travels with it and is checked
against its hash), and returns the result with this machine's name, backend and threads.
Start and stop workers at any time; Ctrl-C lets the running evaluations finish first.
Workers run the space files they receive: keep the queue private.

Options:
  --queue URL         redis://[user:password@]host:port/<name>, as given to 'nas search'
  --concurrency K     evaluations at once in this worker (default 1)
  --data-dir DIR      look up the search's table file or dataset here, by file name (default:
                        the path the search used, for the same machine or a shared disk)
  --lock-seconds S    a job whose worker stops renewing its lock for S seconds (it died) is
                        given to another worker (default 10; renewed every S/2 while evaluating)
  --max-stalls N      worker deaths a candidate survives before it is failed (default 2)
  -h, --help          show this help`,

  async run(argv) {
    const { values, help } = parse(argv, options, { min: 0, max: 0, names: '' });
    if (help) return (console.log(this.help), 0);
    const address = queueOption(values.queue);
    const lockSeconds = values['lock-seconds'] === undefined ? 10 : Number(values['lock-seconds']);
    if (!Number.isFinite(lockSeconds) || lockSeconds < 0.5) throw new UsageError(`--lock-seconds must be a number of at least 0.5, got '${values['lock-seconds']}'`);
    const log = (level: 'info' | 'warn', message: string) => process.stderr.write(`${level === 'info' ? '' : `${level}: `}${message}\n`);
    const worker = await startQueueWorker(address, {
      concurrency: toInt(values.concurrency, '--concurrency', 1, 1),
      lockMs: Math.round(lockSeconds * 1000),
      maxStalls: toInt(values['max-stalls'], '--max-stalls', 2, 0),
      dataDir: values['data-dir'],
      log,
      onDone: (job, result, ms) => log('info', `${job.request.key}: ${result.status} in ${(ms / 1000).toFixed(1)} s`),
    });
    log('info', `worker ${worker.id} on ${address.display}`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.once('SIGINT', () => process.exit(130));
        log('info', 'stopping: finishing the running evaluations (Ctrl-C again to quit now)');
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await worker.close();
    return 0;
  },
};
