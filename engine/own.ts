/**
 * Owning a part of the state for the rest of a draft: the fast way to update entities.
 *
 * An immer draft operation costs from about 0.1 µs (a read) to several µs (an array splice), and
 * a model event may make dozens. {@link own} replaces one entity of a collection in the draft by a
 * plain copy and returns it: the rest of the draft (by default, the rest of the `run()` call)
 * mutates that copy directly, with no proxy in between. Nothing observed ever changes: the copy is
 * new, and when the draft ends immer finalizes it like any new value (and deep-freezes it when
 * `autoFreeze` is on). Measured by the `kernel-state-*` and `pbt-browse` benchmarks
 * (docs/performance.md).
 *
 * Gotchas:
 * - The default copy is shallow. If the handler mutates nested objects of the entity, pass a
 *   `clone` that copies them too; a nested object shared with the observed state is frozen in
 *   tests, so a missed copy fails loudly there.
 * - Once owned, the entity must be changed only through the returned object (reading it again
 *   from the collection returns the same object).
 * @module
 */
import { current, isDraft } from 'immer';

function shallow<T>(value: T): T {
  return (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as T;
}

/**
 * Returns `collection[key]` as a plain object owned by the current draft, copying it on the first
 * call in a draft.
 * @param collection - a draft of a record or array of entities (e.g. `draft.entities`)
 * @param key - the entity's key or index
 * @param clone - makes the owned copy from the entity's current value (default: shallow copy)
 * @returns the owned entity, safe to mutate until the draft ends
 * @example
 * ```ts
 * handle(draft, event) {
 *   const account = own(draft.accounts, event.accountId);
 *   account.balance += event.amount;   // a plain write, no proxy
 * }
 * ```
 */
export function own<C extends object, K extends keyof C>(collection: C, key: K, clone: (value: C[K]) => C[K] = shallow): C[K] {
  const value = collection[key];
  if (!isDraft(value)) return value;
  const copy = clone(current(value as object) as C[K]);
  collection[key] = copy;
  return copy;
}
