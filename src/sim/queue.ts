/**
 * A binary min-heap of events ordered by (time, insertion sequence): two events at the same
 * virtual time leave in the order they were scheduled, so runs replay identically.
 */

export interface Queued {
  readonly time: number;
  readonly seq: number;
}

function before(x: Queued, y: Queued): boolean {
  return x.time < y.time || (x.time === y.time && x.seq < y.seq);
}

export class EventQueue<E extends Queued> {
  private heap: E[];

  constructor(items: E[] = []) {
    this.heap = items.slice();
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get size(): number {
    return this.heap.length;
  }

  peek(): E | undefined {
    return this.heap[0];
  }

  push(item: E): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as E;
      if (!before(item, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  pop(): E | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      this.down(0);
    }
    return top;
  }

  /** The events in heap order; callers must not mutate them (events are immutable). */
  items(): readonly E[] {
    return this.heap;
  }

  private down(start: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[start] as E;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right] as E, heap[left] as E)) child = right;
      if (!before(heap[child] as E, item)) break;
      heap[i] = heap[child] as E;
      i = child;
    }
    heap[i] = item;
  }
}
