// What the panel costs while a run streams into it, written on <body data-*> for the end-to-end
// test's figures (no effect on users): the longest main-thread task seen by the browser (Long
// Tasks API, where available) and the longest render of our own, both counted only while the
// run is live, and the count of records rendered so far.
export class StreamMeter {
  private streaming = false;
  private longestTaskMs = 0;
  private longestRenderMs = 0;
  private longTasks = 0;

  constructor() {
    try {
      new PerformanceObserver((list) => {
        if (!this.streaming) return;
        for (const e of list.getEntries()) {
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

  private publish(): void {
    const d = document.body.dataset;
    d.longestTaskMs = this.longestTaskMs.toFixed(0);
    d.longTasks = String(this.longTasks);
    d.longestRenderMs = this.longestRenderMs.toFixed(1);
  }
}
