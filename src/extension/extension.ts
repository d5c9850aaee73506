// Activation only registers things: the tree, commands, the panel serializer, CodeLens. No worker starts and no space is evaluated until there is something to show,
// and chokidar loads on first use, so activate() stays fast (its time is logged to "NAS").
import * as vscode from 'vscode';
import { NasCommands } from './commands';
import { ParetoPanel, ParetoPanelSerializer } from './paretoPanel';
import { RunRegistry } from './runRegistry';
import { RunsTreeProvider } from './runsTree';
import { watchRunFolders } from './runsWatcher';
import { DeviceList } from './deviceList';
import { SpaceRegistry } from './spaces';
import { Workers } from './workers';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('NAS', { log: true });
  const workers = new Workers(context.extensionPath, log);
  const runs = new RunRegistry(log);
  const spaces = new SpaceRegistry(workers, log);
  const devices = new DeviceList();
  const tree = new RunsTreeProvider(runs, spaces, devices);
  const treeView = vscode.window.createTreeView(RunsTreeProvider.viewId, { treeDataProvider: tree, showCollapseAll: true });
  const commands = new NasCommands({ context, log, runs, spaces, devices, workers, tree, treeView });

  context.subscriptions.push(
    log, workers, runs, spaces, devices, tree, treeView,
    { dispose: () => commands.dispose() },
    ...commands.register(),
    vscode.window.registerWebviewPanelSerializer(ParetoPanel.viewType, new ParetoPanelSerializer(() => commands.panelContext())),
    vscode.languages.registerCodeLensProvider({ pattern: '**/*.nasspace.ts' }, spaces),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void spaces.describeAll()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void runs.refresh()),
    vscode.workspace.onDidOpenTextDocument((doc) => doc.uri.scheme === 'file' && spaces.track(doc.uri.fsPath)),
  );
  void vscode.commands.executeCommand('setContext', 'nas.searchRunning', false);

  // The slow parts (finding files, reading runs, the watcher) start after activate() returns.
  setTimeout(() => {
    void runs
      .refresh()
      .then(() => commands.offerResumeAfterReload())
      .catch((e: Error) => log.error(`reading runs: ${e.message}`));
    void watchRunFolders(
      (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
      () => void runs.refresh().catch((e: Error) => log.error(`reading runs: ${e.message}`)),
      log,
    ).then((w) => context.subscriptions.push(w));
    void spaces
      .start()
      .then(() => commands.offerTypings(spaces.list().map((s) => s.file)))
      .catch((e: Error) => log.error(`finding search spaces: ${e.message}`));
  }, 0);

  log.info(`activate() took ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Disposables in context.subscriptions stop the workers.
}
