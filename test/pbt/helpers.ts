// Test helpers: build small scenarios as data and run them through the public model API.
import type { TraceRecord } from '../../engine/index.js';
import { compileScenario, runScenario, type Fault, type RunResultContract, type TaskResult } from '../../models/pbt/index.js';

export type Json = Record<string, unknown>;

/** A one-session scenario with page `p` whose triggers are given. */
export function scenario(opts: {
  triggers?: Json;
  extensions?: Json[];
  pages?: Json;
  script: Json[];
  codeunits?: Json;
  server?: Json;
  policies?: Json;
  mode?: 'client' | 'headless';
  limits?: Json;
  seed?: number;
}): Json {
  return {
    version: 1,
    name: 'test',
    seed: opts.seed ?? 1,
    ...(opts.mode ? { mode: opts.mode } : {}),
    ...(opts.server ? { server: opts.server } : {}),
    ...(opts.policies ? { policies: opts.policies } : {}),
    codeunits: opts.codeunits ?? { '50100': { durationMs: 1000, results: { k: 'v' } } },
    sessions: [
      {
        id: 'u',
        pages: opts.pages ?? { p: { triggers: opts.triggers ?? {}, ...(opts.extensions ? { extensions: opts.extensions } : {}) } },
        script: opts.script,
      },
    ],
    limits: opts.limits ?? { maxEvents: 100000 },
  };
}

export interface Ran {
  result: RunResultContract;
  records: readonly TraceRecord[];
  task(id: number, session?: string): TaskResult;
  of(type: string): TraceRecord[];
}

export function run(data: Json, faults: Fault[] = []): Ran {
  const r = runScenario(compileScenario(data, 'test.json', new Set(faults)));
  if (!r.run.ok) throw r.run.error;
  return {
    result: r.result,
    records: r.records,
    task(id, session = 'u') {
      const t = r.result.tasks.find((x) => x.taskId === id && x.session === session);
      if (t === undefined) throw new Error(`no task ${id}`);
      return t;
    },
    of(type) {
      return r.records.filter((x) => x.type === type);
    },
  };
}

/** `{ enqueue: { codeunit: 50100, ... } }` */
export const enq = (args: Json = {}): Json => ({ enqueue: { codeunit: 50100, ...args } });
