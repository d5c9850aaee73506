// The --queue option of the commands that talk to a queue directly (`nas worker`, `nas workers`):
// required, and a bad URL is a usage error (exit 2) like any other bad flag.
import { parseQueueUrl, QueueUrlError, type QueueAddress } from '../runtime/pools/queueUrl';
import { UsageError } from './command';

export function queueOption(value: string | undefined): QueueAddress {
  if (!value) throw new UsageError('missing --queue redis://host:port/<name>');
  try {
    return parseQueueUrl(value);
  } catch (e) {
    throw e instanceof QueueUrlError ? new UsageError(e.message) : e;
  }
}
