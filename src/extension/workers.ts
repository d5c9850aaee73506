// Owns the worker processes: one long-lived "spaces" worker for describing spaces, decoding
// candidates and exporting (restarted when a request exceeds its time limit, e.g. a space file
// that loops forever), and one fresh worker per search, so stopping a search can kill it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ArchitectureDetail, SpaceDescription } from '../protocol/records';
import type { EventOf, ParamsOf, ResultOf } from '../protocol/rpc';
import type { WorkerSide } from '../protocol/workerProtocol';
import { describeTimeoutMs, workerNodePath } from './config';
import { TimeoutError, withTimeout, WorkerProcess } from './workerProcess';

export class Workers implements vscode.Disposable {
  private spacesWorker: WorkerProcess | undefined;
  private readonly searchWorkers = new Set<WorkerProcess>();

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private get script(): string {
    return path.join(this.extensionPath, 'dist', 'worker.js');
  }

  private cwd(): string {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? this.extensionPath;
  }

  private spaces(): WorkerProcess {
    if (!this.spacesWorker || !this.spacesWorker.running) {
      this.spacesWorker = new WorkerProcess({ workerScript: this.script, nodePath: workerNodePath(), cwd: this.cwd(), log: this.log, name: 'spaces' });
      this.log.info(`started the spaces worker (pid ${this.spacesWorker.pid})`);
    }
    return this.spacesWorker;
  }

  /** Runs a request on the spaces worker; if it overruns, the worker is killed and restarted next time. */
  private async timed<T>(what: string, run: (w: WorkerProcess) => Promise<T>, ms = describeTimeoutMs()): Promise<T> {
    const worker = this.spaces();
    try {
      return await withTimeout(run(worker), ms, what);
    } catch (e) {
      if (e instanceof TimeoutError) {
        this.log.warn(`${e.message}; stopping the spaces worker`);
        void worker.stop(500);
      }
      throw e;
    }
  }

  async describeSpace(file: string): Promise<SpaceDescription> {
    try {
      return await this.timed(`loading ${path.basename(file)}`, (w) => w.rpc.request('describeSpace', { file }));
    } catch (e) {
      // Never leave the user without a reason: a timeout or crash becomes a problem on line 1.
      const message = e instanceof TimeoutError ? `${e.message}: does the file loop forever? It was stopped.` : `could not load the space: ${(e as Error).message}`;
      return { file, name: path.basename(file), size: '0', decisions: 0, problems: [{ file, line: 1, column: 1, message }] };
    }
  }

  tableColumns(estimator: string): Promise<string[]> {
    return this.timed('reading the table', (w) => w.rpc.request('tableColumns', { estimator }));
  }

  decodeCandidate(spaceFile: string, encoding: number[], key: string, devices?: string[]): Promise<ArchitectureDetail> {
    return this.timed(`decoding ${key}`, (w) => w.rpc.request('decodeCandidate', { spaceFile, encoding, key, ...(devices?.length ? { devices } : {}) }));
  }

  /** Training now can take a while: the timeout is generous. `onTraining` hears where that training is. */
  exportCandidate(request: ParamsOf<WorkerSide['methods'], 'exportCandidate'>, onTraining?: (t: EventOf<WorkerSide['events'], 'exportTraining'>) => void): Promise<ResultOf<WorkerSide['methods'], 'exportCandidate'>> {
    return this.timed(`exporting ${request.key}`, async (w) => {
      const off = w.rpc.on('exportTraining', (t) => {
        if (t.outDir === request.outDir) onTraining?.(t);
      });
      try {
        return await w.rpc.request('exportCandidate', request);
      } finally {
        off();
      }
    }, 60 * 60_000);
  }

  startSearchWorker(onExit: (info: { code: number | null; signal: NodeJS.Signals | null; expected: boolean }) => void): WorkerProcess {
    const worker = new WorkerProcess({
      workerScript: this.script,
      nodePath: workerNodePath(),
      cwd: this.cwd(),
      log: this.log,
      name: 'search',
      onExit: (info) => {
        this.searchWorkers.delete(worker);
        onExit(info);
      },
    });
    this.searchWorkers.add(worker);
    this.log.info(`started a search worker (pid ${worker.pid}) with ${workerNodePath() ?? `${process.execPath} (ELECTRON_RUN_AS_NODE)`}`);
    return worker;
  }

  dispose(): void {
    void this.spacesWorker?.stop(500);
    for (const w of this.searchWorkers) void w.stop(1000);
  }
}
