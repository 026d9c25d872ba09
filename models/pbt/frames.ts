/**
 * Frames of the parent session's call stack: building and pushing them. A frame runs a list of
 * steps (set the record, run a trigger on the page and its extensions, display, wait, raise);
 * step lists are never mutated, so frames share them and only move their index `at`.
 *
 * This module depends on the state and the runtime only: the user actions, the idle scheduler
 * and the interpreter all push frames through it, and none of them imports another to do so.
 * @module
 */
import type { Rt } from './runtime.js';
import type { PageSpec } from './scenarioSchema.js';
import type { DeliveryContext, Frame, FrameStep } from './state.js';

/** The steps of a record load: OnAfterGetRecord, OnAfterGetCurrRecord, then display. @internal */
export const LOAD_STEPS: readonly FrameStep[] = Object.freeze([
  { kind: 'trigger', trigger: 'OnAfterGetRecord' },
  { kind: 'trigger', trigger: 'OnAfterGetCurrRecord' },
  { kind: 'display' },
] as const);

/** The steps of a page open: OnOpenPage, then a record load. @internal */
export const OPEN_STEPS: readonly FrameStep[] = Object.freeze([{ kind: 'trigger', trigger: 'OnOpenPage' }, ...LOAD_STEPS] as const);

/** The steps of a move to `record`: set the record, then a record load. @internal */
export function moveSteps(record: string | null): readonly FrameStep[] {
  return [{ kind: 'setRecord', record }, ...LOAD_STEPS];
}

/** A fresh frame on `page` (instance `pageInstance`) that runs `steps` from the first. @internal */
export function newFrame(page: string, pageInstance: number, steps: readonly FrameStep[], action: number | null, delivery: DeliveryContext | null): Frame {
  return {
    page, pageInstance, steps, at: 0, owner: -1, pc: 0, action, delivery,
    waitingFor: null, inlineTaskId: null, inlineVar: null, resumeHandle: null,
  };
}

/**
 * Pushes a frame for `page` that runs `steps` (shared, not copied); `action` names the script
 * step whose statements an `Action` step runs. @internal
 */
export function pushFrame(rt: Rt, page: string, steps: readonly FrameStep[], action: number | null = null): Frame {
  const f = newFrame(page, rt.s.pages[page]!.instance, steps, action, null);
  rt.s.stack.push(f);
  return f;
}

/** The frame on top of the stack, if any. @internal */
export function topFrame(rt: Rt): Frame | undefined {
  const stack = rt.s.stack;
  const n = stack.length;
  // Never `stack[-1]`: a negative index is a named-property miss up the prototype chain (slow).
  return n === 0 ? undefined : stack[n - 1];
}

const NO_EXTENSIONS: NonNullable<PageSpec['extensions']> = Object.freeze([]) as unknown as NonNullable<PageSpec['extensions']>;

/** The extensions of `page` (A15), in the order their triggers run. @internal */
export function extensionsOf(rt: Rt, page: string): NonNullable<PageSpec['extensions']> {
  return rt.cs.pages[page]!.extensions ?? NO_EXTENSIONS;
}

/** A page variable's name as the frame's current owner sees it (`Ext.Name` in an extension). @internal */
export function varName(rt: Rt, f: Frame, name: string): string {
  return f.owner === -1 ? name : `${extensionsOf(rt, f.page)[f.owner]!.name}.${name}`;
}

/** The trigger's name as its owner runs it (`Ext.OnAfterGetCurrRecord` in an extension). @internal */
export function ownerTrigger(rt: Rt, f: Frame, trigger: string): string {
  return f.owner === -1 ? trigger : `${extensionsOf(rt, f.page)[f.owner]!.name}.${trigger}`;
}
