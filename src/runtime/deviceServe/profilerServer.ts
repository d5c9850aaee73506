// The HTTP side of `nas device serve` (node:http, no framework): everything lives under
// /s/<token>/, with a random token per session, so only the browser given the URL can post.
// It serves the page, its bundle and TensorFlow.js's .wasm files, and hands posts to the
// session; a refused post is answered with its status (400 malformed, 403 wrong token, 409 out
// of turn, 413 too large) and a one-line JSON message the page shows.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_POST_BYTES, parseBody, WireError, type ProfilerProgress } from '../../hardware/profilerWire';
import { findPackageRoot } from '../../train/data/builtin';
import { profilerPageHtml } from './pageHtml';
import type { ProfilerSession } from './profilerSession';

export interface ServeOptions {
  /** Listen on every interface (a phone on the same network) instead of loopback only. */
  lan: boolean;
  /** 0: any free port. */
  port: number;
  /** Each accepted post, with the session's progress after it. */
  onProgress?: (progress: ProfilerProgress, what: string) => void;
  /** Each refused request: status and message. */
  onRefused?: (status: number, message: string) => void;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** The page's bundle (esbuild.js builds it) and the folder of TensorFlow.js's .wasm files. */
function assets(): { bundle: string; wasmDir: string } {
  const bundle = path.join(findPackageRoot(__dirname), 'dist', 'deviceProfiler.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle}: the device-profiler page is not built; run 'npm run build'`);
  return { bundle, wasmDir: path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') };
}

/** The address a phone on the same network reaches this machine at: its first external IPv4 address. */
function lanAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  throw new Error('--lan: this machine has no network address other than loopback');
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}

const sendJson = (res: http.ServerResponse, status: number, value: unknown) => send(res, status, 'application/json', JSON.stringify(value));

/** The body, at most MAX_POST_BYTES; a larger one is a 413 (announced or found while reading). */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new WireError(413, `the body is larger than ${MAX_POST_BYTES} bytes`);
    if (Number(req.headers['content-length'] ?? 0) > MAX_POST_BYTES) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_POST_BYTES) {
        req.removeAllListeners('data');
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function serveProfiler(session: ProfilerSession, opts: ServeOptions): Promise<RunningServer> {
  const { bundle, wasmDir } = assets();
  const token = randomBytes(18).toString('base64url');
  const posts: Record<string, (body: Record<string, unknown>) => unknown> = {
    fusion: (b) => session.fusion(b),
    timings: (b) => session.timings(b),
    measurements: (b) => session.measurements(b),
    done: () => session.done(),
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://profiler');
    if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    const [, s, given, ...rest] = url.pathname.split('/');
    if (s !== 's' || given === undefined) throw new WireError(404, `nothing at ${url.pathname}; open the URL 'nas device serve' printed`);
    if (!sameToken(given, token)) throw new WireError(403, "wrong session token: open the URL 'nas device serve' printed for this session");
    const route = rest.join('/');
    if (req.method === 'GET') {
      if (route === '') return send(res, 200, 'text/html; charset=utf-8', profilerPageHtml(session.plan().device), { 'content-security-policy': "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:" });
      if (route === 'profiler.js') return send(res, 200, 'text/javascript; charset=utf-8', fs.readFileSync(bundle));
      if (route.startsWith('wasm/') && WASM_FILES.includes(route.slice(5))) return send(res, 200, 'application/wasm', fs.readFileSync(path.join(wasmDir, route.slice(5))));
      if (route === 'plan') return sendJson(res, 200, session.plan());
      if (route === 'progress') return sendJson(res, 200, session.progress());
    }
    if (req.method === 'POST' && route in posts) {
      const text = await readBody(req);
      const reply = posts[route](route === 'done' ? {} : parseBody(text));
      sendJson(res, 200, reply);
      opts.onProgress?.(session.progress(), route);
      return;
    }
    throw new WireError(404, `no ${req.method} ${route || '/'} here`);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof WireError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      opts.onRefused?.(status, message);
      // A refused body may still be arriving: close the connection rather than read it all.
      if (!res.headersSent) send(res, status, 'application/json', JSON.stringify({ error: message }), { connection: 'close' });
      req.resume();
    });
  });
  const host = opts.lan ? '0.0.0.0' : '127.0.0.1';
  const shown = opts.lan ? lanAddress() : host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code === 'EADDRINUSE' ? `port ${opts.port} is in use; pick another with --port` : `cannot listen on ${host}:${opts.port}: ${e.message}`)));
    server.listen(opts.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${shown}:${port}/s/${token}/`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
