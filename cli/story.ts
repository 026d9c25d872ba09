/**
 * The text output of `pbtsim run` (without `--json`), rendered from the result contract: a
 * summary per page first, then the failed enqueue calls with their runtime errors, the warnings
 * de-duplicated with advice, the violations, and the story of the tasks (grouped by default,
 * one line per task with `--story full`, left out with `--story none` and, automatically,
 * above {@link STORY_AUTO_LIMIT} tasks). Colours only on a terminal, never with NO_COLOR.
 * @module
 */
import { InvalidArgumentError } from 'commander';
import type { RunResultContract } from '../models/pbt/index.js';
import { createRunTextFold, type RunTextOptions, type StoryMode } from './storyFold.js';

export { wantColor } from './storyStyle.js';
export { renderStory } from './storyLegacy.js';
export { createRunTextFold, STORY_AUTO_LIMIT } from './storyFold.js';
export type { RunTextFold, RunTextHead, RunTextOptions, StoryMode } from './storyFold.js';

/**
 * Parses `--story` (commander's argument parser).
 * @throws InvalidArgumentError for anything but full, grouped or none
 */
export function parseStoryOption(value: string): StoryMode {
  if (value === 'full' || value === 'grouped' || value === 'none') return value;
  throw new InvalidArgumentError(`expected full, grouped or none, got "${value}"`);
}

/**
 * Renders the text output of a run (the batch wrapper over `createRunTextFold`).
 * @param result - the result contract (violations filled in)
 * @param options - story mode, colour, trigger index
 * @returns the text, ending in a newline
 */
export function renderRunText(result: RunResultContract, options: RunTextOptions): string {
  const fold = createRunTextFold(options);
  for (const call of result.enqueueCalls) fold.enqueueCall(call);
  for (const t of result.tasks) fold.task(t);
  for (const w of result.warnings) fold.warning(w);
  return fold.finish(result);
}
