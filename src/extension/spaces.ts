// The workspace's search spaces: found with findFiles, watched with chokidar (the space files
// and the .ts files they may import), described by the worker (never in the host), with
// problems published as Diagnostics and the size shown in a CodeLens above the default export.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SpaceDescription } from '../protocol/records';
import { groupDigits } from '../protocol/formatMetric';
import type { Workers } from './workers';

const SPACE_GLOB = '**/*.nasspace.ts';
const EXCLUDE = '**/{node_modules,.git,.nas,dist,out}/**';

export class SpaceRegistry implements vscode.Disposable, vscode.CodeLensProvider {
  private readonly spaces = new Map<string, SpaceDescription | 'loading'>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('nas');
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly onDidChangeCodeLenses = this.changed.event;
  private watcher: { close(): Promise<void> } | undefined;
  private readonly debounce = new Map<string, ReturnType<typeof setTimeout>>();
  private disposed = false;

  constructor(
    private readonly workers: Workers,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Finds the space files and starts watching; describing needs a trusted workspace. */
  async start(): Promise<void> {
    // Watch first, so a file created while the first scan runs is not missed.
    await this.watch();
    const files = await vscode.workspace.findFiles(SPACE_GLOB, EXCLUDE);
    for (const f of files) this.spaces.set(f.fsPath, 'loading');
    this.changed.fire();
    if (vscode.workspace.isTrusted) await Promise.all(files.map((f) => this.describe(f.fsPath)));
  }

  /** A space file opened in an editor is described even if the watcher has not reported it (e.g. outside the workspace). */
  track(file: string): void {
    if (!file.endsWith('.nasspace.ts') || this.spaces.has(file)) return;
    this.spaces.set(file, 'loading');
    this.changed.fire();
    this.schedule(file);
  }

  private async watch(): Promise<void> {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (roots.length === 0 || this.disposed) return;
    // Loaded on first use: chokidar is not needed to activate.
    const chokidar = await import('chokidar');
    const ignored = (p: string, stats?: { isFile(): boolean }) =>
      /[\\/](node_modules|\.git|\.nas|dist|out)([\\/]|$)/.test(p) || (stats?.isFile() === true && !p.endsWith('.ts'));
    const watcher = chokidar.watch(roots, { ignored, ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 150, pollInterval: 50 } });
    watcher.on('all', (event, file) => this.fileEvent(event, file));
    watcher.on('error', (e) => this.log.warn(`file watcher: ${(e as Error).message}`));
    this.watcher = watcher;
  }

  private fileEvent(event: string, file: string): void {
    if (file.endsWith('.nasspace.ts')) {
      if (event === 'unlink') {
        this.spaces.delete(file);
        this.diagnostics.delete(vscode.Uri.file(file));
        this.changed.fire();
      } else if (event === 'add' || event === 'change') {
        if (!this.spaces.has(file)) this.spaces.set(file, 'loading');
        this.schedule(file);
      }
    } else if (file.endsWith('.ts') && (event === 'change' || event === 'add' || event === 'unlink')) {
      // A helper a space may import changed: which spaces import it is only known in the
      // worker, and there are few space files, so re-describe them all.
      for (const f of this.spaces.keys()) this.schedule(f);
    }
  }

  private schedule(file: string): void {
    clearTimeout(this.debounce.get(file));
    this.debounce.set(file, setTimeout(() => {
      this.debounce.delete(file);
      if (vscode.workspace.isTrusted) void this.describe(file);
    }, 200));
  }

  async describe(file: string): Promise<SpaceDescription> {
    const started = Date.now();
    const d = await this.workers.describeSpace(file);
    if (this.disposed) return d;
    this.spaces.set(file, d);
    this.log.info(`described ${path.basename(file)}: ${d.problems.length ? `${d.problems.length} problem(s)` : `${groupDigits(d.size)} architectures`} (${Date.now() - started} ms)`);
    this.publishDiagnostics(file, d);
    this.changed.fire();
    return d;
  }

  private publishDiagnostics(file: string, d: SpaceDescription): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of d.problems) {
      const pos = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
      const diag = new vscode.Diagnostic(new vscode.Range(pos, pos.translate(0, 1)), p.message, vscode.DiagnosticSeverity.Error);
      diag.source = 'nas';
      const target = p.file || file;
      byFile.set(target, [...(byFile.get(target) ?? []), diag]);
    }
    this.diagnostics.set(vscode.Uri.file(file), byFile.get(file) ?? []);
    for (const [f, list] of byFile) if (f !== file) this.diagnostics.set(vscode.Uri.file(f), list);
  }

  /** Describes untrusted-but-now-trusted files (after the user grants trust). */
  async describeAll(): Promise<void> {
    await Promise.all([...this.spaces.keys()].map((f) => this.describe(f)));
  }

  list(): { file: string; description: SpaceDescription | 'loading' }[] {
    return [...this.spaces.entries()].map(([file, description]) => ({ file, description })).sort((a, b) => a.file.localeCompare(b.file));
  }

  get(file: string): SpaceDescription | undefined {
    const d = this.spaces.get(file);
    return d === 'loading' ? undefined : d;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const d = this.get(document.uri.fsPath);
    const line = Math.max(0, (d?.exportLine ?? findExportLine(document) ?? 1) - 1);
    const range = new vscode.Range(line, 0, line, 0);
    if (!vscode.workspace.isTrusted) return [new vscode.CodeLens(range, { title: 'NAS: trust this workspace to evaluate the space', command: 'workbench.trust.manage' })];
    if (!d) return [new vscode.CodeLens(range, { title: 'NAS: loading…', command: '' })];
    const sizeTitle = d.problems.length ? `$(error) ${d.problems.length} problem(s)` : `${groupDigits(d.size)} architectures · ${d.decisions} decisions`;
    return [
      new vscode.CodeLens(range, { title: sizeTitle, command: d.problems.length ? 'workbench.actions.view.problems' : '' }),
      new vscode.CodeLens(range, { title: '$(play) Start Search', command: 'nas.startSearch', arguments: [document.uri] }),
    ];
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.debounce.values()) clearTimeout(t);
    void this.watcher?.close();
    this.diagnostics.dispose();
    this.changed.dispose();
  }
}

function findExportLine(doc: vscode.TextDocument): number | undefined {
  for (let i = 0; i < doc.lineCount; i++) if (/^\s*export\s+default\b/.test(doc.lineAt(i).text)) return i + 1;
  return undefined;
}
