// "NAS: Profile a Device in a Browser": runs `nas device serve --events` in a child process (the
// extension host never loads TensorFlow.js, and the space file is evaluated there, not here) and
// shows its URL, QR code and progress in a small webview without scripts. Closing the panel stops
// the server; what the browser sent is already in .nas/devices/<name>.json.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import { parseServeEvent, type ServeEvent } from '../protocol/deviceEvents';
import { workerNodePath } from './config';

export interface ProfilerRequest {
  spaceFile: string;
  name: string;
  lan: boolean;
  cwd: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class DeviceProfilerPanel {
  static readonly viewType = 'nas.deviceProfiler';
  private readonly panel: vscode.WebviewPanel;
  private readonly child: ChildProcess;
  private listening?: Extract<ServeEvent, { event: 'listening' }>;
  private status = 'Starting the profiler server...';
  private finished = false;

  constructor(extensionPath: string, private readonly request: ProfilerRequest, private readonly log: vscode.LogOutputChannel, private readonly onProfile: () => void) {
    this.panel = vscode.window.createWebviewPanel(DeviceProfilerPanel.viewType, `Profile ${request.name}`, vscode.ViewColumn.Active, { enableScripts: false });
    const args = [path.join(extensionPath, 'dist', 'cli.js'), 'device', 'serve', '--space', request.spaceFile, '--name', request.name, '--events', ...(request.lan ? ['--lan'] : [])];
    this.child = spawn(workerNodePath() ?? process.execPath, args, { cwd: request.cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.log.info(`device profiler for ${request.name} started (pid ${this.child.pid})`);
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const event = parseServeEvent(line);
      if (event) this.apply(event);
      else this.log.warn(`device profiler: dropped a line that is not an event: ${line.slice(0, 200)}`);
    });
    let stderr = '';
    this.child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    this.child.on('exit', (code) => {
      this.log.info(`device profiler for ${request.name} exited (${code})`);
      if (!this.finished && code !== null && code !== 0 && !this.listening) this.show(`The profiler server stopped: ${stderr.trim().split('\n').pop() ?? `exit code ${code}`}`);
    });
    this.panel.onDidDispose(() => {
      if (this.child.exitCode === null) this.child.kill('SIGTERM');
    });
    this.render();
  }

  private apply(e: ServeEvent): void {
    switch (e.event) {
      case 'listening':
        this.listening = e;
        return this.show(`Open the URL in the browser to profile (or scan the code with a phone${this.request.lan ? '' : ' after restarting with "phones on the same network"'}), then press Start there.`);
      case 'progress':
        return this.show(`Received on ${e.backend ?? 'the browser'}: operator units ${e.units.done}/${e.units.total}, end-to-end candidates ${e.calibration.done}/${e.calibration.total}.`);
      case 'refused':
        this.log.warn(`device profiler refused a request (${e.status}): ${e.message}`);
        return;
      case 'done':
        this.finished = true;
        this.onProfile();
        return this.show(`Done: ${e.units} operator units on ${e.backend}, saved to ${vscode.workspace.asRelativePath(e.file)}. Use it with --device ${this.request.name} or the space file's hardware.devices.`);
      case 'stopped':
        this.onProfile();
        return this.show(e.started ? `Stopped; still missing ${e.missing.join(', ')}. What arrived is kept.` : 'Stopped before a browser sent anything.');
    }
  }

  private show(status: string): void {
    this.status = status;
    this.render();
  }

  private render(): void {
    const l = this.listening;
    const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:;`;
    // The QR code is an SVG the CLI drew with the qrcode package: shown as an image, never as markup.
    const qr = l ? `<img alt="QR code of the URL" width="220" height="220" src="data:image/svg+xml;base64,${Buffer.from(l.qrSvg).toString('base64')}">` : '';
    this.panel.webview.html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<style>body{font-family:var(--vscode-font-family);padding:1em}img{background:#fff;padding:8px}code{user-select:all}</style></head><body>
<h2>Profile device <code>${escape(this.request.name)}</code> in a browser</h2>
${l ? `<p><a href="${escape(l.url)}">${escape(l.url)}</a></p>${qr}` : ''}
<p id="status">${escape(this.status)}</p>
</body></html>`;
  }
}

/** Asks for the space, the device name and who may connect, then opens the panel. */
export async function profileDeviceInBrowser(extensionPath: string, spaceFile: string | undefined, log: vscode.LogOutputChannel, onProfile: () => void): Promise<void> {
  if (!spaceFile) return;
  const name = await vscode.window.showInputBox({
    title: 'NAS: Profile a Device in a Browser: device name',
    prompt: 'The profile is saved as .nas/devices/<name>.json; searches use it as latency_ms@<name>',
    value: 'browser',
    ignoreFocusOut: true,
    validateInput: (v) => (/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(v) ? undefined : 'letters, digits, _ . - (not starting with . or -)'),
  });
  if (!name) return;
  const reach = await vscode.window.showQuickPick(
    [
      { label: 'This machine only', description: '127.0.0.1', lan: false },
      { label: 'Phones and computers on the same network', description: '--lan: every interface, with a random token in the URL', lan: true },
    ],
    { title: 'NAS: Profile a Device in a Browser: who opens the page?', ignoreFocusOut: true },
  );
  if (!reach) return;
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(spaceFile))?.uri.fsPath ?? path.dirname(spaceFile);
  new DeviceProfilerPanel(extensionPath, { spaceFile, name, lan: reach.lan, cwd: folder }, log, onProfile);
}
