/**
 * Which triggers a page has code in, from the scenario: the page's own `triggers` and, for the
 * completion and error triggers, its extensions' (unless the `extensionTriggers` policy is
 * `pageOnly`, A15). A result delivered to a page without code in its trigger is still a
 * delivery (the platform invokes the trigger, PBT-TRG-01..03) but nothing runs; the story says
 * so instead of "the trigger ran".
 * @module
 */
import type { CompiledScenario, TriggerName } from '../models/pbt/index.js';

/** Answers "does this page (or an extension of it) have code in this trigger?". */
export interface TriggerIndex {
  /**
   * @param session - session ID
   * @param page - page key
   * @param trigger - trigger name
   */
  hasCode(session: string, page: string, trigger: string): boolean;
}

/** Builds the trigger index of a compiled scenario. */
export function triggerIndexOf(sc: CompiledScenario): TriggerIndex {
  const code = new Set<string>();
  const pageOnly = sc.policies.extensionTriggers === 'pageOnly';
  for (const s of sc.sessions) {
    for (const [key, page] of Object.entries(s.pages)) {
      const add = (trigger: string, statements: readonly unknown[] | undefined): void => {
        if (statements !== undefined && statements.length > 0) code.add(`${s.id}\u0000${key}\u0000${trigger}`);
      };
      for (const [t, st] of Object.entries(page.triggers ?? {})) add(t, st);
      for (const ext of page.extensions ?? []) {
        for (const [t, st] of Object.entries(ext.triggers ?? {})) {
          const callback = t === 'OnPageBackgroundTaskCompleted' || t === 'OnPageBackgroundTaskError';
          if (!(callback && pageOnly)) add(t, st);
        }
      }
    }
  }
  return { hasCode: (session, page, trigger) => code.has(`${session}\u0000${page}\u0000${trigger}`) };
}

/** The trigger names a result can be delivered to. */
export type CallbackTrigger = Extract<TriggerName, 'OnPageBackgroundTaskCompleted' | 'OnPageBackgroundTaskError'>;
