// A first-in first-out queue whose take() waits for an item: how a pool hands outcomes, pushed
// as evaluations complete, to the loop that pulls them one at a time.

export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((item: T) => void)[] = [];

  push(item: T): void {
    const taker = this.waiting.shift();
    if (taker) taker(item);
    else this.items.push(item);
  }

  take(): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift()!);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
