/**
 * Freezing and copying of values that become observable: initial states, snapshots and event
 * payloads. Internal to the kernel.
 * @module
 * @internal
 */
import { isDraft } from 'immer';
import { SimulationError } from '../errors.js';

/** Freezes `value` and everything reachable from it; stops at already-frozen objects. @internal */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      const v = obj[k];
      if (v !== null && typeof v === 'object') deepFreeze(v);
    }
  }
  return value;
}

// Throws unless a primitive can appear in canonical JSON.
function checkLeaf(v: unknown, field: string): void {
  const t = typeof v;
  if (t === 'number') {
    if (!Number.isFinite(v)) throw new SimulationError('invalid-event', { field, reason: `non-finite number ${String(v)}` });
  } else if (v !== null && t !== 'string' && t !== 'boolean' && t !== 'undefined') {
    throw new SimulationError('invalid-event', { field, reason: `a ${t}` });
  }
}

// Deep copy of plain data (objects and arrays), rejecting immer drafts anywhere inside.
function copyPlain(value: object, field: string): object {
  if (isDraft(value)) throw new SimulationError('draft-in-event', { field });
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v !== null && typeof v === 'object') out[i] = copyPlain(v, field);
      else {
        checkLeaf(v, field);
        out[i] = v;
      }
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new SimulationError('invalid-event', { field, reason: 'an object that is not a plain object' });
  const out: Record<string, unknown> = {};
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    const v = obj[k];
    if (v !== null && typeof v === 'object') out[k] = copyPlain(v, field);
    else {
      checkLeaf(v, field);
      out[k] = v;
    }
  }
  return out;
}

function isPlainContainer(v: object): boolean {
  if (Array.isArray(v)) return true;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Makes an event or emit payload safe to keep: nested objects are copied (so a payload never
 * shares an object with the state, whose plain parts a later handler may still mutate inside the
 * same draft), drafts are rejected with `draft-in-event` and values canonical JSON cannot carry
 * (non-finite numbers, functions, class instances...) with `invalid-event`. Fast path: a payload whose fields are
 * all primitives is returned as is (frozen when `freeze`), without a copy.
 * @internal
 */
export function ownPayload<T extends object>(payload: T, freeze: boolean): T {
  if (Object.isFrozen(payload)) {
    // Already owned (e.g. an event object a handler reschedules): frozen payloads were checked
    // when first seen, or frozen by their author, and cannot change. A draft is never frozen
    // (immer's proxy target is its mutable bookkeeping object), so this test comes first.
    return payload;
  }
  if (isDraft(payload)) throw new SimulationError('draft-in-event', { field: '(the whole payload)' });
  let copy: Record<string, unknown> | undefined;
  const obj = payload as Record<string, unknown>;
  for (const k in obj) {
    const v = obj[k];
    if (v !== null && typeof v === 'object') {
      // A frozen plain nested value is owned already, like a frozen payload (see above): kept as
      // is (fast path, pbt-browse: a task's frozen parameters go into its records uncopied).
      if (Object.isFrozen(v) && isPlainContainer(v)) continue;
      copy ??= { ...obj };
      copy[k] = copyPlain(v, k);
    } else {
      checkLeaf(v, k);
    }
  }
  const out = (copy ?? payload) as T;
  return freeze ? deepFreeze(out) : out;
}
