/**
 * The live tasks of a session not yet started, and of a page not yet ended, as intrusive
 * doubly linked lists in enqueue order: the links live in the {@link TaskView}s, so adding and
 * removing a task allocates nothing (a `Map` keyed by TaskId reallocates its table each time it
 * runs empty, which these lists do once per task).
 * @module
 */
import type { TaskView } from './state.js';

/** A list of tasks in insertion order; a task is in at most one list of each kind. @internal */
export class TaskList {
  /** The first task, null when empty. */
  first: TaskView | null = null;
  private last: TaskView | null = null;
  /** Number of tasks in the list. */
  size = 0;

  /** @param unstarted - true: the list uses the unstarted links of its tasks (a session's), else the active ones (a page's) */
  constructor(private readonly unstarted: boolean) {}

  /** The task after `t` in this list (null at the end). */
  next(t: TaskView): TaskView | null {
    return this.unstarted ? t.uNext : t.aNext;
  }

  /** Appends `t`, which is in no list of this kind. */
  push(t: TaskView): void {
    const last = this.last;
    if (this.unstarted) { t.uList = this; t.uPrev = last; t.uNext = null; if (last !== null) last.uNext = t; }
    else { t.aList = this; t.aPrev = last; t.aNext = null; if (last !== null) last.aNext = t; }
    if (last === null) this.first = t;
    this.last = t;
    this.size++;
  }

  /** Removes `t` if it is in this list. */
  remove(t: TaskView): void {
    let prev: TaskView | null;
    let next: TaskView | null;
    if (this.unstarted) {
      if (t.uList !== this) return;
      prev = t.uPrev; next = t.uNext;
      if (prev !== null) prev.uNext = next;
      if (next !== null) next.uPrev = prev;
      t.uList = null; t.uPrev = null; t.uNext = null;
    } else {
      if (t.aList !== this) return;
      prev = t.aPrev; next = t.aNext;
      if (prev !== null) prev.aNext = next;
      if (next !== null) next.aPrev = prev;
      t.aList = null; t.aPrev = null; t.aNext = null;
    }
    if (prev === null) this.first = next;
    if (next === null) this.last = prev;
    this.size--;
  }
}
