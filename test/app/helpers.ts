// Shared helpers of the app/ tests: run a scenario through the pipeline into a string.
import { readFileSync } from 'node:fs';
import { runPipeline, StringOutput, type Budgets, type RunPipelineResult, type TextOutputFold } from '../../app/index.js';
import { loadScenario, type CompiledScenario } from '../../models/pbt/index.js';

// A text fold that only counts what it was given (the CLI's real one is tested in test/cli/).
function countingText(): TextOutputFold {
  let tasks = 0;
  return { task: () => { tasks++; }, enqueueCall: () => {}, warning: () => {}, finish: () => `${tasks} tasks\n` };
}

export const load = (file: string): CompiledScenario => loadScenario(readFileSync(file, 'utf8'), file);

export interface Piped extends RunPipelineResult {
  readonly stdout: string;
}

export async function pipe(file: string, options: { json?: boolean; trace?: string; report?: string; budgets?: Budgets; seed?: number | string; scenario?: CompiledScenario } = {}): Promise<Piped> {
  const out = new StringOutput();
  const r = await runPipeline({
    file, scenario: options.scenario ?? load(file), json: options.json ?? true, out,
    ...(options.trace !== undefined ? { trace: options.trace } : {}),
    ...(options.report !== undefined ? { report: options.report } : {}),
    ...(options.budgets !== undefined ? { budgets: options.budgets } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    text: countingText(),
  });
  return { ...r, stdout: out.text() };
}

/** The result fields that must equal the old pipeline's (digest aside: it changes when the model frames its trace). */
export const RESULT_FIELDS = ['scenario', 'seed', 'endTimeMs', 'eventCount', 'tasks', 'enqueueCalls', 'warnings', 'violations'] as const;
