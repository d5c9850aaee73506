// The NAS tree: search spaces (size and problems) and runs (newest first) with their
// candidates (best first, Pareto-optimal marked, failures with the reason in the tooltip).
// Live runs refresh their node at most a few times per second, never the whole tree per
// candidate; the candidate order comes from CandidateIndex, kept sorted incrementally.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SpaceDescription } from '../protocol/records';
import { candidateDescription, candidateTooltip, type CandidateIndex, IndexedCandidate } from './candidateIndex';
import type { RunEntry, RunRegistry } from './runRegistry';
import { groupDigits } from '../protocol/formatMetric';
import { describeOutcome } from '../protocol/objectives';
import { runTitle } from './runTitle';
import type { SpaceRegistry } from './spaces';
import { deviceDescription, type DeviceEntry, type DeviceList } from './deviceList';

export type NasNode =
  | { kind: 'group'; group: 'spaces' | 'runs' | 'devices' }
  | { kind: 'device'; entry: DeviceEntry }
  | { kind: 'space'; file: string; description: SpaceDescription | 'loading' }
  | { kind: 'problem'; file: string; line: number; column: number; message: string }
  | { kind: 'run'; runId: string }
  | { kind: 'candidate'; runId: string; key: string }
  | { kind: 'message'; text: string; runId?: string };

const REFRESH_MS = 1000;
/** Candidates listed under a run; the rest are one click away in the panel's table. */
const TREE_CANDIDATE_LIMIT = 500;

export class RunsTreeProvider implements vscode.TreeDataProvider<NasNode>, vscode.Disposable {
  static readonly viewId = 'nas.explorer';
  private readonly changed = new vscode.EventEmitter<NasNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly groups = { spaces: { kind: 'group', group: 'spaces' } as NasNode, runs: { kind: 'group', group: 'runs' } as NasNode, devices: { kind: 'group', group: 'devices' } as NasNode };
  /** Nodes handed to VS Code are reused so a refresh of one run finds the same object. */
  private readonly runNodes = new Map<string, NasNode>();
  private readonly dirtyRuns = new Set<string>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly runs: RunRegistry,
    private readonly spaces: SpaceRegistry,
    private readonly devices: DeviceList,
  ) {
    this.disposables.push(devices.onDidChange(() => this.changed.fire(this.groups.devices)));
    this.disposables.push(
      runs.onDidChange((run) => (run ? this.markDirty(run.runId) : this.changed.fire(this.groups.runs))),
      runs.onDidAppend(({ run }) => this.markDirty(run.runId)),
      spaces.onDidChange(() => this.changed.fire(this.groups.spaces)),
    );
  }

  private markDirty(runId: string): void {
    this.dirtyRuns.add(runId);
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      for (const id of this.dirtyRuns) {
        const node = this.runNodes.get(id);
        this.changed.fire(node ?? this.groups.runs);
      }
      this.dirtyRuns.clear();
    }, REFRESH_MS);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getParent(node: NasNode): NasNode | undefined {
    if (node.kind === 'space') return this.groups.spaces;
    if (node.kind === 'run') return this.groups.runs;
    if (node.kind === 'device') return this.groups.devices;
    if (node.kind === 'candidate') return this.runNode(node.runId);
    return undefined;
  }

  private runNode(runId: string): NasNode {
    let n = this.runNodes.get(runId);
    if (!n) this.runNodes.set(runId, (n = { kind: 'run', runId }));
    return n;
  }

  async getChildren(node?: NasNode): Promise<NasNode[]> {
    if (!node) return [this.groups.spaces, this.groups.runs, this.groups.devices];
    if (node.kind === 'group' && node.group === 'devices') {
      const list = this.devices.list();
      if (list.length === 0) return [{ kind: 'message', text: 'No device profiles: use "NAS: Profile a Device in a Browser"' }];
      return list.map((entry) => ({ kind: 'device', entry }));
    }
    if (node.kind === 'group' && node.group === 'spaces') {
      const list = this.spaces.list();
      if (list.length === 0) return [{ kind: 'message', text: 'No *.nasspace.ts files in the workspace' }];
      return list.map(({ file, description }) => ({ kind: 'space', file, description }));
    }
    if (node.kind === 'group' && node.group === 'runs') {
      const list = this.runs.list();
      if (list.length === 0) return [{ kind: 'message', text: 'No runs yet: use "NAS: Start Search"' }];
      return list.map((r) => this.runNode(r.runId));
    }
    if (node.kind === 'space' && node.description !== 'loading') {
      return node.description.problems.map((p) => ({ kind: 'problem', ...p }));
    }
    if (node.kind === 'run') {
      const run = await this.runs.load(node.runId);
      if (!run?.loaded) return [];
      const list = run.loaded.index.list();
      const shown: NasNode[] = list.slice(0, TREE_CANDIDATE_LIMIT).map((c) => ({ kind: 'candidate', runId: run.runId, key: c.record.key }));
      if (list.length > TREE_CANDIDATE_LIMIT) shown.push({ kind: 'message', text: `… ${groupDigits(list.length - TREE_CANDIDATE_LIMIT)} more: see the panel's table`, runId: run.runId });
      return shown;
    }
    return [];
  }

  getTreeItem(node: NasNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem({ spaces: 'Search Spaces', runs: 'Runs', devices: 'Devices' }[node.group], vscode.TreeItemCollapsibleState.Expanded);
        item.contextValue = `nas.group.${node.group}`;
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.contextValue = 'nas.message';
        if (node.runId) item.command = { title: 'Show Pareto Front', command: 'nas.showParetoFront', arguments: [node.runId] };
        return item;
      }
      case 'space':
        return spaceItem(node.file, node.description);
      case 'device':
        return deviceItem(node.entry);
      case 'problem': {
        const item = new vscode.TreeItem(node.message);
        item.description = `${path.basename(node.file)}:${node.line}:${node.column}`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = `${node.file}:${node.line}:${node.column}\n${node.message}`;
        item.command = { title: 'Go to Problem', command: 'vscode.open', arguments: [vscode.Uri.file(node.file), { selection: new vscode.Range(node.line - 1, node.column - 1, node.line - 1, node.column - 1) }] };
        return item;
      }
      case 'run': {
        const run = this.runs.get(node.runId);
        return run ? runItem(run) : new vscode.TreeItem(node.runId);
      }
      case 'candidate': {
        const run = this.runs.get(node.runId);
        const c = run?.loaded?.index.get(node.key);
        return run && c ? candidateItem(run, c) : new vscode.TreeItem(node.key);
      }
    }
  }

  /** Tooltips are built only when hovered: a live run of thousands of candidates sends no tooltip text per refresh, and its run node no outcome. */
  resolveTreeItem(item: vscode.TreeItem, node: NasNode): vscode.TreeItem {
    if (node.kind === 'candidate') {
      const run = this.runs.get(node.runId);
      const c = run?.loaded?.index.get(node.key);
      if (run?.loaded && c) item.tooltip = candidateTooltip(c, run.loaded.index.constraints, run.loaded.index.objectives[0]?.metric);
    } else if (node.kind === 'run') {
      const run = this.runs.get(node.runId);
      if (run) item.tooltip = runTooltip(run);
    }
    return item;
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.disposables.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}

function spaceItem(file: string, d: SpaceDescription | 'loading'): vscode.TreeItem {
  const item = new vscode.TreeItem(path.basename(file), d !== 'loading' && d.problems.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.resourceUri = vscode.Uri.file(file);
  item.contextValue = 'nas.space';
  item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.file(file)] };
  if (d === 'loading') {
    item.description = vscode.workspace.isTrusted ? 'loading…' : 'not evaluated (untrusted workspace)';
    item.iconPath = new vscode.ThemeIcon(vscode.workspace.isTrusted ? 'loading~spin' : 'shield');
  } else if (d.problems.length) {
    item.description = `${d.problems.length} problem${d.problems.length === 1 ? '' : 's'}`;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  } else {
    item.description = `${groupDigits(d.size)} architectures`;
    item.iconPath = new vscode.ThemeIcon('symbol-namespace');
    item.tooltip = `${d.name}: ${groupDigits(d.size)} architectures, ${d.decisions} decisions`;
  }
  return item;
}

const STATUS_ICON: Record<RunEntry['status'], string> = { running: 'sync~spin', finished: 'pass', stopped: 'debug-stop', interrupted: 'warning', failing: 'error' };

function runItem(run: RunEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(runTitle(run.info), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `run:${run.runId}`;
  item.description = `${groupDigits(run.evaluated)}/${groupDigits(run.info.settings.budget)} · ${run.status} · ${run.runId}`;
  item.iconPath = new vscode.ThemeIcon(STATUS_ICON[run.status]);
  item.contextValue = run.status === 'running' ? 'nas.run.running' : run.evaluated < run.info.settings.budget ? 'nas.run.resumable' : 'nas.run';
  return item;
}

/** A run's hover: where it is, what it searched, and its outcome in its objectives' words (built when hovered: the outcome walks the front). */
function runTooltip(run: RunEntry): string {
  return [`${run.runDir}`, `space: ${run.info.spaceFile}`, `estimator: ${run.info.settings.estimator}`, `objectives: ${run.info.settings.objectives.join(', ')}`, run.info.settings.constraints.length ? `constraints: ${run.info.settings.constraints.join(', ')}` : '', run.loaded ? runOutcome(run.loaded.index, run.info) : '', `created: ${run.info.createdAt}`].filter(Boolean).join('\n');
}

/** The run's front and best in its objectives' words (protocol/objectives.ts), from the index's best-first order. */
function runOutcome(index: CandidateIndex, info: RunEntry['info']): string {
  const best = index.list().find((c) => c.feasible && c.record.status === 'ok');
  return describeOutcome({ best: best?.record, pareto: index.paretoKeys() }, index.objectives, info.catalog);
}

function candidateItem(run: RunEntry, c: IndexedCandidate): vscode.TreeItem {
  const index = run.loaded!.index;
  const pareto = index.isPareto(c.record.key);
  const item = new vscode.TreeItem(`#${c.record.index}`);
  item.id = `cand:${run.runId}:${c.record.key}`;
  item.description = candidateDescription(c, index.objectives, pareto);
  item.iconPath =
    c.record.status === 'failed' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
    : c.record.status === 'rejected' ? new vscode.ThemeIcon('circle-slash')
    : pareto ? new vscode.ThemeIcon('star-full', new vscode.ThemeColor('charts.yellow'))
    : c.feasible ? new vscode.ThemeIcon('circle-outline') : new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
  item.contextValue = c.record.status === 'ok' ? 'nas.candidate' : 'nas.candidate.unusable';
  item.command = { title: 'Show in Panel', command: 'nas.showInPanel', arguments: [{ kind: 'candidate', runId: run.runId, key: c.record.key }] };
  return item;
}

function deviceItem({ file, summary }: DeviceEntry): vscode.TreeItem {
  const item = new vscode.TreeItem('problem' in summary ? path.basename(file, '.json') : summary.name);
  item.contextValue = 'nas.device';
  item.resourceUri = vscode.Uri.file(file);
  item.command = { title: 'Open Profile', command: 'vscode.open', arguments: [vscode.Uri.file(file)] };
  if ('problem' in summary) {
    item.description = 'not a device profile';
    item.tooltip = `${file}\n${summary.problem}`;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  } else {
    item.description = deviceDescription(summary);
    item.tooltip = `${summary.name}: ${summary.description || summary.backend}\n${file}`;
    item.iconPath = new vscode.ThemeIcon('device-mobile');
  }
  return item;
}
