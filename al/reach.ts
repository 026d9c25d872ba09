/**
 * Reachability through procedure calls: from a trigger, every routine it may call (directly or
 * through other procedures), with one shortest call path, and whether some path reaches it with
 * no condition guarding a call on the way (see {@link Finding.guarded}). Breadth-first with an
 * explicit queue and a visited set, so call cycles and long chains are safe.
 * @module
 */
import type { Finding, Routine } from './objects.js';
import type { OwnedRoutine, ProjectIndex } from './project.js';

/** How a routine is reached from a root. */
export interface Reached {
  readonly target: OwnedRoutine;
  /** Routines from the root to the target (both included), along a shortest path. */
  readonly path: readonly OwnedRoutine[];
  /** Some path reaches the target with no guarded call on it. */
  readonly unguarded: boolean;
  /** Like `path`, but the shortest unguarded path when there is one. */
  readonly unguardedPath: readonly OwnedRoutine[] | null;
}

interface Node {
  readonly r: OwnedRoutine;
  readonly guarded: boolean;
  readonly parent: Node | null;
}

function pathOf(n: Node): OwnedRoutine[] {
  const out: OwnedRoutine[] = [];
  for (let p: Node | null = n; p !== null; p = p.parent) out.push(p.r);
  return out.reverse();
}

/**
 * Every routine reachable from `root` (the root included).
 * @param index - name resolution
 * @param root - the trigger (or procedure) to start from
 */
export function reachFrom(index: ProjectIndex, root: OwnedRoutine): Reached[] {
  const seen = new Map<Routine, { guarded: Node | null; unguarded: Node | null }>();
  const order: Routine[] = [];
  const queue: Node[] = [{ r: root, guarded: false, parent: null }];
  for (let qi = 0; qi < queue.length; qi++) {
    const n = queue[qi]!;
    let s = seen.get(n.r.routine);
    if (s === undefined) { s = { guarded: null, unguarded: null }; seen.set(n.r.routine, s); order.push(n.r.routine); }
    if (n.guarded) {
      if (s.guarded !== null || s.unguarded !== null) continue;
      s.guarded = n;
    } else {
      if (s.unguarded !== null) continue;
      s.unguarded = n;
    }
    for (const f of n.r.routine.findings) {
      if (f.kind !== 'call') continue;
      for (const callee of index.callees(n.r, f)) queue.push({ r: callee, guarded: n.guarded || f.guarded, parent: n });
    }
  }
  return order.map((r) => {
    const s = seen.get(r)!;
    const best = (s.unguarded ?? s.guarded)!;
    return { target: best.r, path: pathOf(best), unguarded: s.unguarded !== null, unguardedPath: s.unguarded === null ? null : pathOf(s.unguarded) };
  });
}

/** Findings of `kind` in every routine reachable from `root`, with how each is reached. */
export function reachableFindings<K extends Finding['kind']>(index: ProjectIndex, root: OwnedRoutine, kind: K): { finding: Extract<Finding, { kind: K }>; via: Reached; unguarded: boolean }[] {
  const out: { finding: Extract<Finding, { kind: K }>; via: Reached; unguarded: boolean }[] = [];
  for (const via of reachFrom(index, root)) {
    for (const f of via.target.routine.findings) {
      if (f.kind === kind) out.push({ finding: f as Extract<Finding, { kind: K }>, via, unguarded: via.unguarded && !f.guarded });
    }
  }
  return out;
}
