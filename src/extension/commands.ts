// The "NAS" commands. Each one checks its input (tree nodes, URIs, run ids) since commands can
// be invoked from anywhere, including other extensions, with anything as arguments.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseEstimator } from '../core/estimate/estimators/index';
import { runSpaceFile } from '../core/run/runFolder';
import { setUpTypings, typingsInstalled } from '../core/space/typings';
import type { SearchRequest } from '../protocol/records';
import { askExportWeights } from './exportChoice';
import { exportProgress } from './exportProgress';
import { ParetoPanel, PanelContext } from './paretoPanel';
import type { RunRegistry } from './runRegistry';
import type { NasNode, RunsTreeProvider } from './runsTree';
import { SearchSession } from './searchSession';
import type { SpaceRegistry } from './spaces';
import { askSearchRequest, pickSpaceFile } from './startSearch';
import { profileDeviceInBrowser } from './deviceProfilerPanel';
import { requireTrust } from './trust';
import { runTitle } from './runTitle';
import type { DeviceList } from './deviceList';
import type { Workers } from './workers';

/** workspaceState key: run folders of the searches running in this window; after a reload, those the reload interrupted. */
const RUNNING_RUNS = 'nas.runningRuns';

export interface NasServices {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  runs: RunRegistry;
  spaces: SpaceRegistry;
  devices: DeviceList;
  workers: Workers;
  tree: RunsTreeProvider;
  treeView: vscode.TreeView<NasNode>;
}

export class NasCommands {
  private readonly sessions = new Set<SearchSession>();
  private disposing = false;

  constructor(private readonly s: NasServices) {}

  panelContext(): PanelContext {
    return {
      extensionUri: this.s.context.extensionUri,
      runs: this.s.runs,
      workers: this.s.workers,
      log: this.s.log,
      actions: {
        stopRun: (runId) => void this.stopSearch(runId),
        exportCandidate: (runId, key) => void this.exportCandidate({ kind: 'candidate', runId, key }),
        revealCandidate: (runId, key) => void this.s.treeView.reveal({ kind: 'candidate', runId, key }, { select: true, focus: false }).then(undefined, () => undefined),
      },
    };
  }

  register(): vscode.Disposable[] {
    const c = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await fn(...args);
      } catch (e) {
        this.s.log.error(`${id}: ${(e as Error).stack ?? e}`);
        void vscode.window.showErrorMessage(`NAS: ${(e as Error).message}`);
      }
    });
    return [
      c('nas.startSearch', (uri) => this.startSearch(uri instanceof vscode.Uri ? uri : undefined)),
      c('nas.stopSearch', (arg) => this.stopSearch(runIdOf(arg))),
      c('nas.resumeRun', (arg) => this.resumeRun(arg)),
      c('nas.showParetoFront', (arg) => this.showPanel(runIdOf(arg))),
      c('nas.showInPanel', (arg) => isCandidateNode(arg) && this.showPanel(arg.runId, arg.key)),
      c('nas.openRun', () => this.openRun()),
      c('nas.exportCandidate', (arg) => this.exportCandidate(arg)),
      c('nas.deleteRun', (arg) => this.deleteRun(runIdOf(arg))),
      c('nas.newSearchSpace', () => this.newSearchSpace()),
      c('nas.setUpTypings', (uri) => this.setUpTypings(uri instanceof vscode.Uri ? uri : undefined)),
      c('nas.profileDeviceInBrowser', async (uri) => {
        if (!(await requireTrust('profile a device on a search space'))) return;
        const file = await pickSpaceFile(this.s.spaces, uri instanceof vscode.Uri ? uri : undefined, 'NAS: Profile a Device in a Browser: search space whose operators to profile');
        await profileDeviceInBrowser(this.s.context.extensionPath, file, this.s.log, () => this.s.tree.refresh());
      }),
      c('nas.refresh', async () => {
        await this.s.runs.refresh();
        // The file watcher can miss a profile written from outside (a busy machine): a refresh rereads them.
        this.s.devices.refresh();
        if (vscode.workspace.isTrusted) await this.s.spaces.describeAll();
      }),
    ];
  }

  /** Writes the API's declarations and a tsconfig into a workspace folder (as `nas init` does). */
  async setUpTypings(uri?: vscode.Uri): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    const folder = (target && vscode.workspace.getWorkspaceFolder(target)) ?? (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to set up editor typings in' }));
    if (!folder) return;
    const result = setUpTypings(folder.uri.fsPath, path.join(this.s.context.extensionPath, 'dist', 'api.d.ts'));
    this.s.log.info(`typings in ${folder.uri.fsPath}: wrote ${result.written.join(', ')}`);
    // The TypeScript server reads tsconfig.json and the type roots when it starts: until it
    // restarts, the 'nas-workbench' import stays red. Built-in TypeScript support may be off.
    const restarted = await vscode.commands.executeCommand('typescript.restartTsServer').then(
      () => true,
      (e: unknown) => (this.s.log.warn(`could not restart the TypeScript server: ${(e as Error).message}`), false),
    );
    const extra = result.addToTsconfig ? ` Your tsconfig.json exists: add to its compilerOptions ${result.addToTsconfig}.` : '';
    const restart = restarted ? ' (TypeScript server restarted)' : '; restart the TypeScript server (command "TypeScript: Restart TS Server") for it to take effect';
    void vscode.window.showInformationMessage(`NAS: space files in ${folder.name} now get completions and type checks for 'nas-workbench'${restart}.${extra}`);
  }

  /** Once per folder: offers typings where space files import 'nas-workbench' without them. */
  async offerTypings(spaceFiles: readonly string[]): Promise<void> {
    const folders = new Set(spaceFiles.map((f) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(f))).filter((f): f is vscode.WorkspaceFolder => !!f));
    for (const folder of folders) {
      const asked = `nas.typingsOffered:${folder.uri.fsPath}`;
      if (typingsInstalled(folder.uri.fsPath) || this.s.context.workspaceState.get(asked)) continue;
      await this.s.context.workspaceState.update(asked, true);
      const choice = await vscode.window.showInformationMessage(`NAS: set up editor typings so ${folder.name}'s space files complete and type-check 'nas-workbench'?`, 'Set Up Typings');
      if (choice) await this.setUpTypings(folder.uri);
    }
  }

  async startSearch(uri?: vscode.Uri): Promise<void> {
    if (!(await requireTrust('run a search'))) return;
    const file = await pickSpaceFile(this.s.spaces, uri);
    if (!file) return;
    const request = await askSearchRequest(this.s.spaces, file, { state: this.s.context.workspaceState, tableColumns: (e) => this.s.workers.tableColumns(e), log: this.s.log, runs: () => this.s.runs.list() });
    if (request && (await this.queueBehindTraining(request))) this.run(request);
  }

  /**
   * A second proxy search while one trains: asks whether to run it alongside (both slower, and
   * their latencies disturbed) or queue it behind the running ones. False when the user cancels.
   */
  private async queueBehindTraining(request: SearchRequest): Promise<boolean> {
    const training = [...this.sessions].filter((x) => x.isRunning && x.trains);
    if (parseEstimator(request.settings.estimator).name !== 'proxy' || training.length === 0) return true;
    const queue = 'Queue';
    const alongside = 'Run Alongside';
    const c = await vscode.window.showWarningMessage(
      `NAS: ${training.map((x) => x.name).join(', ')} is training. Run alongside, both train at about half speed, and a latency measured while the other trains reads high (measurements themselves take turns). Queued, it starts when ${training.length > 1 ? 'they end' : 'it ends'}, with clean latencies.`,
      { modal: true },
      queue,
      alongside,
    );
    if (c === alongside) return true;
    if (c !== queue) return false;
    this.s.log.info(`search on ${path.basename(request.spaceFile)} queued behind ${training.map((x) => x.name).join(', ')}`);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `NAS: ${path.basename(request.spaceFile)} queued behind ${training.map((x) => x.name).join(', ')}` }, () =>
      Promise.all(training.map((x) => new Promise<void>((resolve) => (x.isRunning ? x.onDidEnd(() => resolve()) : resolve())))),
    );
    return true;
  }

  private run(request: SearchRequest): SearchSession {
    const session = new SearchSession(request, this.s.workers, this.s.runs, this.s.log, (runDir) => void this.resumeRun(runDir));
    this.sessions.add(session);
    session.onDidStartRun((runDir) => this.listRunning(runDir, true));
    session.onDidEnd(() => {
      if (!session.runId) ParetoPanel.active?.stopWaiting();
      if (!this.disposing) this.listRunning(session.runDir, false);
      this.sessions.delete(session);
      void vscode.commands.executeCommand('setContext', 'nas.searchRunning', this.sessions.size > 0);
    });
    void vscode.commands.executeCommand('setContext', 'nas.searchRunning', true);
    ParetoPanel.openForStart(this.panelContext(), `Starting the search on ${session.label}…`);
    session.start();
    return session;
  }

  async stopSearch(runId?: string): Promise<void> {
    const running = [...this.sessions].filter((x) => x.isRunning);
    let target = runId ? running.find((x) => x.runId === runId) : running.length === 1 ? running[0] : undefined;
    if (!target && running.length > 1) {
      const pick = await vscode.window.showQuickPick(running.map((x) => {
        const info = x.runId ? this.s.runs.get(x.runId)?.info : undefined;
        return { label: info ? runTitle(info) : x.label, description: x.runId, session: x };
      }), { title: 'NAS: Stop Search' });
      target = pick?.session;
    }
    if (!target) {
      if (running.length === 0) void vscode.window.showInformationMessage('NAS: no search is running.');
      return;
    }
    await target.stop();
  }

  async resumeRun(arg: unknown): Promise<void> {
    if (!(await requireTrust('resume a run'))) return;
    let runDir = typeof arg === 'string' && path.isAbsolute(arg) ? arg : undefined;
    const runId = runDir ? undefined : runIdOf(arg) ?? (await this.pickRun('NAS: Resume Run', (r) => r.status !== 'running' && r.evaluated < r.info.settings.budget));
    if (runId) runDir = this.s.runs.get(runId)?.runDir;
    if (!runDir) return;
    const run = await this.s.runs.loadFromDir(runDir);
    if (!run) return;
    if (run.status === 'running') return void vscode.window.showInformationMessage(`NAS: run ${run.runId} is already running.`);
    // The run's copy of its space: resuming continues the space the run started with.
    this.run({ spaceFile: runSpaceFile(runDir, run.info), settings: run.info.settings, outDir: path.dirname(runDir), resumeRunDir: runDir });
  }

  private async pickRun(title: string, filter: (r: ReturnType<RunRegistry['list']>[number]) => boolean = () => true): Promise<string | undefined> {
    await this.s.runs.refresh();
    const runs = this.s.runs.list().filter(filter);
    if (runs.length === 0) {
      void vscode.window.showInformationMessage('NAS: no matching runs in this workspace.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      runs.map((r) => ({ label: runTitle(r.info), description: `${r.evaluated}/${r.info.settings.budget} · ${r.status} · ${r.runId}`, detail: r.runDir, runId: r.runId })),
      { title },
    );
    return pick?.runId;
  }

  async showPanel(runId?: string, key?: string): Promise<void> {
    if (!runId) {
      await this.s.runs.refresh();
      runId = ParetoPanel.active?.shownRunId ?? this.s.runs.list()[0]?.runId;
    }
    ParetoPanel.createOrShow(this.panelContext(), runId, key);
  }

  async openRun(): Promise<void> {
    const runId = await this.pickRun('NAS: Open Run');
    if (runId) await this.showPanel(runId);
  }

  async exportCandidate(arg: unknown): Promise<void> {
    if (!isCandidateNode(arg)) return void vscode.window.showInformationMessage('NAS: pick a candidate in the NAS view (or the panel) to export.');
    if (!(await requireTrust('export a candidate'))) return;
    const run = await this.s.runs.load(arg.runId);
    const c = run?.loaded?.index.get(arg.key);
    if (!run || !c) throw new Error(`candidate ${arg.key} is not in run ${arg.runId}`);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(run.runDir))?.uri.fsPath ?? path.dirname(run.runDir);
    const outDir = path.join(folder, 'nas-export', `${run.info.spaceName}-${run.runId}-${c.record.index}`);
    const chosen = await askExportWeights(run.runDir, run.info, arg.key, c.record.index);
    if (!chosen) return;
    const doing = chosen.weights === 'train' ? 'training and exporting' : 'exporting';
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `NAS: ${doing} candidate #${c.record.index}` }, (progress) => this.s.workers.exportCandidate({ runDir: run.runDir, key: arg.key, outDir, ...chosen }, exportProgress(progress)));
    for (const w of result.warnings) this.s.log.warn(`export: ${w}`);
    this.s.log.info(`exported #${c.record.index} of run ${run.runId} to ${outDir}: ${result.weights}`);
    const reveal = 'Open README';
    const choice = await vscode.window.showInformationMessage(`NAS: exported #${c.record.index} to ${vscode.workspace.asRelativePath(outDir)} with ${result.weights}${result.warnings.length ? ` — ${result.warnings.join('; ')}` : ''}`, reveal);
    if (choice === reveal) await vscode.window.showTextDocument(vscode.Uri.file(path.join(outDir, 'README.md')));
  }

  async deleteRun(runId?: string): Promise<void> {
    const run = runId ? this.s.runs.get(runId) : undefined;
    if (!run) return;
    if (run.status === 'running') return void vscode.window.showWarningMessage('NAS: stop the search before deleting its run.');
    const del = 'Delete';
    const ok = await vscode.window.showWarningMessage(`Delete run ${run.runId} (${run.evaluated} candidates)?`, { modal: true, detail: `This removes ${run.runDir} from disk.` }, del);
    if (ok !== del) return;
    await fs.rm(run.runDir, { recursive: true, force: true });
    this.s.runs.remove(run.runId);
    this.s.log.info(`deleted ${run.runDir}`);
  }

  async newSearchSpace(): Promise<void> {
    const templatesDir = path.join(this.s.context.extensionPath, 'examples');
    const templates = (await fs.readdir(templatesDir).catch(() => [] as string[])).filter((f) => f.endsWith('.nasspace.ts'));
    if (templates.length === 0) throw new Error(`no templates found in ${templatesDir}`);
    const pick = await vscode.window.showQuickPick(templates.map((t) => ({ label: t.replace('.nasspace.ts', ''), template: t })), { title: 'NAS: New Search Space: template' });
    if (!pick) return;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('open a folder first: the new space file is created in it');
    const name = await vscode.window.showInputBox({
      title: 'NAS: New Search Space: file name',
      value: `my-${pick.template}`,
      validateInput: (v) => (/^[\w.-]+\.nasspace\.ts$/.test(v) ? undefined : 'A file name ending in .nasspace.ts, e.g. my-space.nasspace.ts'),
    });
    if (!name) return;
    const target = path.join(folder.uri.fsPath, name);
    try {
      await fs.copyFile(path.join(templatesDir, pick.template), target, fs.constants.COPYFILE_EXCL);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${name} already exists`);
      throw e;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(target));
  }

  /** The window reloads or closes: running searches are interrupted, and stay listed to offer Resume next time. */
  dispose(): void {
    this.disposing = true;
    for (const session of this.sessions) session.dispose();
  }

  /**
   * Lists a search's run folder while it runs (from its start, since the state written while the
   * window goes away may not be kept) and unlists it when it ends in this window.
   */
  private listRunning(runDir: string | undefined, running: boolean): void {
    if (!runDir) return;
    const dirs = (this.s.context.workspaceState.get<string[]>(RUNNING_RUNS) ?? []).filter((d) => d !== runDir);
    void this.s.context.workspaceState.update(RUNNING_RUNS, running ? [...dirs, runDir] : dirs);
  }

  /** After a reload: offers Resume for each search the reload interrupted, as after a worker crash. */
  async offerResumeAfterReload(): Promise<void> {
    const dirs = this.s.context.workspaceState.get<string[]>(RUNNING_RUNS) ?? [];
    if (dirs.length === 0) return;
    await this.s.context.workspaceState.update(RUNNING_RUNS, undefined);
    for (const dir of dirs) {
      const run = await this.s.runs.loadFromDir(dir);
      if (run?.status !== 'interrupted') continue;
      const c = await vscode.window.showWarningMessage(`NAS: the search on ${path.basename(run.info.spaceFile)} (run ${run.runId}) was interrupted by the window reload; ${run.evaluated} evaluated candidates are saved.`, 'Resume');
      if (c === 'Resume') await this.resumeRun(dir);
    }
  }
}

function isCandidateNode(x: unknown): x is { kind: 'candidate'; runId: string; key: string } {
  const n = x as { kind?: unknown; runId?: unknown; key?: unknown } | undefined;
  return typeof n === 'object' && n !== null && n.kind === 'candidate' && typeof n.runId === 'string' && typeof n.key === 'string';
}

function runIdOf(x: unknown): string | undefined {
  if (typeof x === 'string' && !path.isAbsolute(x)) return x;
  const n = x as { runId?: unknown } | undefined;
  return typeof n === 'object' && n !== null && typeof n.runId === 'string' ? n.runId : undefined;
}
