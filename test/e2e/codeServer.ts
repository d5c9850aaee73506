// Starts code-server (installed by .ci/install-code-server.sh) in its own process group with
// every folder it writes to inside the test's directory, and stops the whole group.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

export function codeServerHome(): string {
  if (process.env.NAS_E2E_HOME) return process.env.NAS_E2E_HOME;
  return process.getuid?.() === 0 ? '/opt/nas-e2e' : path.join(os.homedir(), '.cache', 'nas-e2e');
}

export function codeServerEntry(): string {
  return path.join(codeServerHome(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export interface Sandbox {
  root: string;
  userData: string;
  extensions: string;
  env: NodeJS.ProcessEnv;
}

export function makeSandbox(root: string): Sandbox {
  fs.rmSync(root, { recursive: true, force: true });
  const dirs = ['user-data/User', 'extensions', 'xdg/config', 'xdg/cache', 'xdg/data', 'tmp'].map((d) => path.join(root, d));
  for (const d of dirs) fs.mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(root, 'xdg/config'),
    XDG_CACHE_HOME: path.join(root, 'xdg/cache'),
    XDG_DATA_HOME: path.join(root, 'xdg/data'),
    TMPDIR: path.join(root, 'tmp'),
  };
  return { root, userData: path.join(root, 'user-data'), extensions: path.join(root, 'extensions'), env };
}

export function installExtension(sb: Sandbox, vsix: string): void {
  execFileSync(process.execPath, [codeServerEntry(), '--user-data-dir', sb.userData, '--extensions-dir', sb.extensions, '--install-extension', vsix], { env: sb.env, stdio: 'pipe' });
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  stop(): void;
}

export async function startCodeServer(sb: Sandbox, workspace: string, log: (line: string) => void): Promise<RunningServer> {
  const config = path.join(sb.root, 'config.yaml');
  fs.writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  const child = spawn(process.execPath, [
    codeServerEntry(), '--config', config, '--user-data-dir', sb.userData, '--extensions-dir', sb.extensions,
    '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace,
  ], { env: sb.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('code-server did not start within 60 s')), 60_000);
    const onData = (d: Buffer) => {
      const text = d.toString();
      for (const line of text.split('\n')) if (line.trim()) log(line);
      const m = /HTTP server listening on (https?:\/\/[.:\d]+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`code-server exited with code ${code}`)));
  });
  return { url, process: child, stop };
}
