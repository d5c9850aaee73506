// What the panel costs while a run streams into it, written on <body data-*> for the end-to-end
// test's figures (no effect on users): the longest main-thread task seen by the browser (Long
// Tasks API, where available) and the longest render of our own, both counted only while the
// run is live, and the count of records rendered so far. In code-server the panel's frames share
// the workbench's main thread, and the Long Tasks API reports that thread's tasks to every frame
// on it: the panel's own (attributed to "self") are counted apart from all of them. Also, on window.nasShown, when each
// count reached the screen while the run was live: the test compares these times with the
// records' own write times in the run log, so its lag figure does not depend on how quickly it polls;
// and on window.nasOpenedAt, when it first drew the run (records written before waited for the panel to open).
export class StreamMeter {
  private streaming = false;
  private longestTaskMs = 0;
  private longestRenderMs = 0;
  private longTasks = 0;
  /** Every long task by its attribution ("self", "same-origin-ancestor", "multiple-contexts", ...): [longest ms, count]. */
  private readonly byAttribution: Record<string, [number, number]> = {};
  private readonly shownAt: [count: number, epochMs: number][] = [];
  private shownCount = 0;

  constructor() {
    try {
      new PerformanceObserver((list) => {
        if (!this.streaming) return;
        for (const e of list.getEntries()) {
          const a = (this.byAttribution[e.name] ??= [0, 0]);
          a[0] = Math.max(a[0], Math.round(e.duration));
          a[1]++;
          if (e.name !== 'self') continue;
          this.longestTaskMs = Math.max(this.longestTaskMs, e.duration);
          this.longTasks++;
        }
        this.publish();
      }).observe({ type: 'longtask', buffered: false });
    } catch {
      // No Long Tasks API here: the render figure alone.
    }
  }

  rendered(records: number, ms: number, streaming: boolean): void {
    this.streaming = streaming;
    if (streaming) this.longestRenderMs = Math.max(this.longestRenderMs, ms);
    document.body.dataset.renderedRecords = String(records);
    this.publish();
  }

  /** The panel drew a run (a snapshot): notes when that reached the screen, on window.nasOpenedAt. */
  opened(): void {
    requestAnimationFrame(() => setTimeout(() => ((window as unknown as { nasOpenedAt?: number }).nasOpenedAt = Date.now()), 0));
  }

  /**
   * The status now says `count` records: notes when that reaches the screen, i.e. after the next
   * frame's paint (a task queued from the frame runs after it), in the clock the run log's
   * records are stamped with.
   */
  shown(count: number, streaming: boolean): void {
    if (!streaming || count <= this.shownCount) return;
    this.shownCount = count;
    requestAnimationFrame(() => setTimeout(() => this.shownAt.push([count, Date.now()]), 0));
    (window as unknown as { nasShown?: [number, number][] }).nasShown = this.shownAt;
  }

  private publish(): void {
    const d = document.body.dataset;
    d.longestTaskMs = this.longestTaskMs.toFixed(0);
    d.longTasks = String(this.longTasks);
    d.longTasksByAttribution = JSON.stringify(this.byAttribution);
    d.longestRenderMs = this.longestRenderMs.toFixed(1);
  }
}
