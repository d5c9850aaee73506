// The device profiles of the workspace (`.nas/devices/*.json` in each folder), as the NAS tree's
// "Devices" node lists them; refreshed when a profile is written (a browser profiling, `nas device`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { summarizeDevice, type DeviceSummary } from '../protocol/deviceEvents';

export interface DeviceEntry {
  file: string;
  summary: DeviceSummary | { problem: string };
}

export class DeviceList implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/.nas/devices/*.json');

  constructor() {
    for (const on of [this.watcher.onDidCreate, this.watcher.onDidChange, this.watcher.onDidDelete]) on(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  list(): DeviceEntry[] {
    const out: DeviceEntry[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const dir = path.join(folder.uri.fsPath, '.nas', 'devices');
      let names: string[];
      try {
        names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
      } catch {
        continue;
      }
      for (const n of names) out.push({ file: path.join(dir, n), summary: readSummary(path.join(dir, n)) });
    }
    return out;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

function readSummary(file: string): DeviceEntry['summary'] {
  try {
    return summarizeDevice(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    return { problem: `cannot read the profile: ${(e as Error).message}` };
  }
}

/** "wasm · browser · 120 ops · MAPE 4.2% (cross-validated, 12)" */
export function deviceDescription(s: DeviceSummary): string {
  const error = s.error ? `MAPE ${(100 * s.error.mape).toFixed(1)}% (${s.error.how}, ${s.error.samples})` : 'no measured error';
  return [s.backend, s.how, s.units ? `${s.units} ops` : '', error].filter(Boolean).join(' · ');
}
