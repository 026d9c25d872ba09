/**
 * The live tasks of a parent session: a short array in ascending TaskId order (TaskIds only grow,
 * A16, so adding a task is a push). A session holds a handful of live tasks (at most the queue
 * length plus the slots plus the results awaiting delivery), so a scan or a binary search finds
 * one faster than an object keyed by TaskId, whose sparse integer keys put V8 in dictionary mode
 * (a hash per lookup, and a key sort per walk). Fast path, measured by pbt-browse.
 * @module
 */
import type { SessionState, TaskState } from './state.js';

// Up to this many tasks, a linear scan; above, a binary search.
const SCAN = 16;

function indexOfTask(tasks: readonly TaskState[], id: number): number {
  const n = tasks.length;
  if (n <= SCAN) {
    for (let i = 0; i < n; i++) if (tasks[i]!.id === id) return i;
    return -1;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = tasks[mid]!.id;
    if (m === id) return mid;
    if (m < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The live task `id` of the session, if any. @internal */
export function taskOf(s: SessionState, id: number): TaskState | undefined {
  const i = indexOfTask(s.tasks, id);
  return i < 0 ? undefined : s.tasks[i];
}

/** Adds a new task (its TaskId is above every live one). @internal */
export function addTask(s: SessionState, task: TaskState): void {
  s.tasks.push(task);
}

/** Removes the live task `id` and returns it, if it was live. @internal */
export function removeTask(s: SessionState, id: number): TaskState | undefined {
  const tasks = s.tasks;
  const i = indexOfTask(tasks, id);
  if (i < 0) return undefined;
  const task = tasks[i]!;
  if (i === 0) tasks.shift();
  else if (i === tasks.length - 1) tasks.pop();
  else tasks.splice(i, 1);
  return task;
}
