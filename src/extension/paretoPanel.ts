// The Pareto panel's host side: one panel (createOrShow), a strict CSP with a nonce, the
// "ready" handshake before anything is posted, a snapshot of the run then batched deltas
// (~10 per second at most), validated intents from the webview, and restore after a reload
// through a WebviewPanelSerializer.
import * as vscode from 'vscode';
import { runSpaceFile } from '../core/run/runFolder';
import type { CandidateRecord } from '../core/run/types';
import { LatestPredictions, PREDICTED_SHOWN, type PredictedRecord } from '../core/run/predictedLog';
import { RpcEndpoint, Transport } from '../protocol/rpc';
import { check } from '../core/validate';
import { hostSideForWebview, HostSideForWebview, panelStateValidator, webviewSide, WebviewSide } from '../protocol/webviewProtocol';
import { DeltaBatcher } from './deltaBatcher';
import { makeNonce, panelHtml } from './panelHtml';
import type { RunEntry, RunRegistry } from './runRegistry';
import type { Workers } from './workers';

/** Records per message to the webview (see sendSnapshot). */
const RECORDS_PER_MESSAGE = 500;

type PanelEndpoint = RpcEndpoint<HostSideForWebview['methods'], HostSideForWebview['events'], WebviewSide['methods'], WebviewSide['events']>;

export interface PanelActions {
  stopRun(runId: string): void;
  exportCandidate(runId: string, key: string): void;
  revealCandidate(runId: string, key: string): void;
}

export class ParetoPanel implements vscode.Disposable {
  static readonly viewType = 'nas.paretoFront';
  private static current: ParetoPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly rpc: PanelEndpoint;
  private runId: string | undefined;
  private ready = false;
  private pendingSelect: string | undefined;
  private batcher: DeltaBatcher<CandidateRecord> | undefined;
  private predictedBatcher: DeltaBatcher<PredictedRecord> | undefined;

  static createOrShow(ctx: PanelContext, runId: string | undefined, selectKey?: string): ParetoPanel {
    if (ParetoPanel.current) {
      ParetoPanel.current.panel.reveal(undefined, true);
      if (runId) void ParetoPanel.current.show(runId, selectKey);
      return ParetoPanel.current;
    }
    return (ParetoPanel.current = new ParetoPanel(ParetoPanel.createWebviewPanel(ctx), ctx, runId, selectKey));
  }

  /**
   * Opens the panel (if it is not open) as a search starts, before it has a run to show, saying
   * `message` meanwhile: its webview then has loaded when the first records come (a table run
   * writes thousands in its first seconds, which otherwise waited for the panel to open).
   */
  static openForStart(ctx: PanelContext, message: string): void {
    if (ParetoPanel.current) return;
    ParetoPanel.current = new ParetoPanel(ParetoPanel.createWebviewPanel(ctx), ctx, undefined, undefined, message);
  }

  /** The search that opened it ended without starting a run: show what there is instead of waiting. */
  stopWaiting(): void {
    if (!this.waiting) return;
    this.waiting = undefined;
    if (this.ready && !this.runId) void this.sendSnapshot();
  }

  private static createWebviewPanel(ctx: PanelContext): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(ParetoPanel.viewType, 'NAS: Pareto Front', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, ParetoPanel.webviewOptions(ctx.extensionUri));
  }

  static revive(panel: vscode.WebviewPanel, ctx: PanelContext, state: unknown): void {
    const s = check(panelStateValidator, state ?? {}, 'state');
    ParetoPanel.current?.dispose();
    ParetoPanel.current = new ParetoPanel(panel, ctx, s.ok ? s.value.runId : undefined, s.ok ? s.value.selectedKey : undefined);
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
  }

  static get active(): ParetoPanel | undefined {
    return ParetoPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly ctx: PanelContext,
    runId: string | undefined,
    selectKey: string | undefined,
    /** Shown until a run is: the search that opened the panel has not started its run yet. */
    private waiting?: string,
  ) {
    this.runId = runId;
    this.pendingSelect = selectKey;
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'nas.svg');
    const transport: Transport = {
      send: (m) => void panel.webview.postMessage(m),
      onMessage: (l) => {
        const d = panel.webview.onDidReceiveMessage(l);
        return () => d.dispose();
      },
    };
    this.rpc = new RpcEndpoint(hostSideForWebview, webviewSide, transport, (reason) => ctx.log.warn(`panel: dropped a message from the webview: ${reason}`));
    this.rpc.on('ready', () => {
      this.ready = true;
      void this.sendSnapshot();
    });
    this.rpc.on('selected', ({ runId: r, key }) => ctx.actions.revealCandidate(r, key));
    this.rpc.on('exportCandidate', ({ runId: r, key }) => ctx.actions.exportCandidate(r, key));
    this.rpc.on('stopSearch', ({ runId: r }) => ctx.actions.stopRun(r));
    this.rpc.serve('candidateDetail', async ({ runId: r, key }) => {
      const run = await ctx.runs.load(r);
      const c = run?.loaded?.index.get(key);
      if (!run || !c) throw new Error(`candidate ${key} is not in run ${r}`);
      // The run's copy of its space: the file it was made from, whatever became of the original.
      return ctx.workers.decodeCandidate(runSpaceFile(run.runDir, run.info), c.record.encoding, key, run.info.settings.devices);
    });
    this.disposables.push(
      ctx.runs.onDidAppend(({ run, records }) => {
        if (run.runId === this.runId && this.ready) for (const r of records) this.batcher?.push(r);
      }),
      ctx.runs.onDidPredict(({ run, records }) => {
        if (run.runId === this.runId && this.ready) for (const r of records) this.predictedBatcher?.push(r);
      }),
      ctx.runs.onDidReportProgress((p) => {
        if (p.runId === this.runId && this.ready) this.rpc.emit('live', p);
      }),
      ctx.runs.onDidChange((changed) => {
        // undefined: the list changed, which includes the run shown here being resumed (a new,
        // running entry under the same id): its status must reach the panel too.
        const run = changed ?? (this.runId ? ctx.runs.get(this.runId) : undefined);
        if (run && run.runId === this.runId && this.ready) this.sendStatus(run);
        else if (!changed && this.runId && this.ready) this.rpc.emit('empty', { message: `Run ${this.runId} is gone: its folder was deleted or moved out of the workspace.` });
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    const webview = panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(ctx.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(ctx.extensionUri, 'media', 'panel.css')).toString(),
      nonce: makeNonce(),
      initialState: { runId },
    });
  }

  async show(runId: string, selectKey?: string): Promise<void> {
    this.waiting = undefined;
    this.pendingSelect = selectKey;
    if (runId === this.runId) {
      if (selectKey && this.ready) this.rpc.emit('select', { runId, key: selectKey });
      return;
    }
    this.runId = runId;
    if (this.ready) await this.sendSnapshot();
  }

  private async sendSnapshot(): Promise<void> {
    this.batcher?.dispose();
    this.batcher = undefined;
    this.predictedBatcher?.dispose();
    this.predictedBatcher = undefined;
    if (!this.runId && this.waiting) return this.rpc.emit('empty', { message: this.waiting });
    const runId = this.runId ?? this.ctx.runs.list()[0]?.runId;
    if (!runId) return this.rpc.emit('empty', { message: 'No runs yet. Start one with "NAS: Start Search".' });
    let run: RunEntry | undefined;
    try {
      run = await this.ctx.runs.load(runId);
    } catch (e) {
      this.ctx.log.error(`panel: cannot read run ${runId}: ${(e as Error).message}`);
    }
    if (!run) return this.rpc.emit('empty', { message: `Run ${runId} was not found (was its folder deleted?).` });
    if (runId !== (this.runId ?? runId)) return; // switched run while loading
    this.runId = runId;
    this.panel.title = `NAS: ${run.info.spaceName} (${run.runId})`;
    // The snapshot and the batcher start from the same in-memory list, so no record is lost or doubled.
    // Records go in chunks: the webview handles each message in one task, and a task of 15,000
    // records blocks it for long (the snapshot of a big run, a delta after a pause).
    const view = this.ctx.runs.view(run);
    this.rpc.emit('snapshot', { ...view, candidates: view.candidates.slice(0, RECORDS_PER_MESSAGE) });
    this.emitAppend(runId, view.candidates.slice(RECORDS_PER_MESSAGE));
    this.batcher = new DeltaBatcher<CandidateRecord>((batch) => this.emitAppend(runId, batch.map(({ strategyState: _s, ...r }) => r)), 100);
    this.rpc.emit('predicted', { runId, records: this.ctx.runs.predictedOnly(run) });
    // A table run ranks a pool many times a second: a tick sends the latest prediction of each key, bounded.
    this.predictedBatcher = new DeltaBatcher<PredictedRecord>((batch) => {
      const latest = new LatestPredictions(PREDICTED_SHOWN);
      latest.add(batch);
      this.rpc.emit('predicted', { runId, records: latest.values() });
    }, 100);
    if (this.pendingSelect) this.rpc.emit('select', { runId, key: this.pendingSelect });
    this.pendingSelect = undefined;
  }

  private emitAppend(runId: string, records: CandidateRecord[]): void {
    for (let i = 0; i < records.length; i += RECORDS_PER_MESSAGE) this.rpc.emit('append', { runId, candidates: records.slice(i, i + RECORDS_PER_MESSAGE) });
  }

  private sendStatus(run: RunEntry): void {
    this.batcher?.flush();
    this.predictedBatcher?.flush();
    this.rpc.emit('status', { runId: run.runId, status: run.status, evaluated: run.evaluated, budget: run.info.settings.budget });
  }

  get shownRunId(): string | undefined {
    return this.runId;
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ParetoPanel.current === this) ParetoPanel.current = undefined;
    this.batcher?.dispose();
    this.predictedBatcher?.dispose();
    this.rpc.close('panel closed');
    this.panel.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

export interface PanelContext {
  extensionUri: vscode.Uri;
  runs: RunRegistry;
  workers: Workers;
  log: vscode.LogOutputChannel;
  actions: PanelActions;
}

export class ParetoPanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly ctx: () => PanelContext) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = ParetoPanel.webviewOptions(this.ctx().extensionUri);
    ParetoPanel.revive(panel, this.ctx(), state);
  }
}
