// `redis://[user:password@]host:port/<queue-name>`: where the evaluation queue lives. The path is
// the queue's name (not a Redis database number), so several searches can share one Redis. The
// password is for the connection only: what is logged or recorded is the URL without it.

export interface QueueAddress {
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** The BullMQ queue's name. */
  name: string;
  /** The URL without its password: safe to log and to write to the run folder. */
  display: string;
}

const DEFAULT_PORT = 6379;

/** Throws a one-line error saying what is wrong with the URL (never echoing its password). */
export function parseQueueUrl(text: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new QueueUrlError(`queue: expected redis://host:port/<name>, got '${redactQueueUrl(text)}'`);
  }
  const display = redactQueueUrl(text);
  if (url.protocol !== 'redis:') throw new QueueUrlError(`queue: only redis:// URLs are supported, got '${display}'`);
  if (!url.hostname) throw new QueueUrlError(`queue: '${display}' names no host`);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new QueueUrlError(`queue: '${display}' needs a queue name of letters, digits, '.', '_' or '-' after the port, e.g. redis://127.0.0.1:6379/nas`);
  const port = url.port ? Number(url.port) : DEFAULT_PORT;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    name,
    display,
  };
}

/** The URL with any password replaced by '***' (also for text that does not parse). */
export function redactQueueUrl(text: string): string {
  return text.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

export class QueueUrlError extends Error {}
