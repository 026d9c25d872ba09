/**
 * The streamed `--json` result (the contract of design/architecture.md, same names): the object
 * opens with `scenario` and `seed`, then `tasks`, each written (one per line) in enqueue order as
 * soon as it and every earlier task are final; `enqueueCalls` and `warnings` are spooled to a
 * temp file meanwhile (bounded memory) and follow; then `endTimeMs`, `eventCount`, `digest` and
 * `violations`. Key order differs from the old batch output; the values are identical.
 * @module
 */
import type { EnqueueCallResult, ResultFoldHandlers, RunWarning, TaskResult } from '../models/pbt/result.js';
import type { Violation } from '../properties/index.js';
import { Spool, type TextOutput } from './output/index.js';

/** The end of the result, known once the run is over. */
export interface ResultTail {
  readonly endTimeMs: number;
  readonly eventCount: number;
  readonly digest: string;
  /** Warnings known only at the end (e.g. `untilReached`), after those of the trace. */
  readonly lateWarnings: readonly RunWarning[];
  readonly violations: readonly Violation[];
}

/** Streams the result contract to a text output (see the module comment). */
export class JsonResultWriter implements ResultFoldHandlers {
  private tasks = 0;
  private readonly calls = new Spool('enqueue calls');
  private callCount = 0;
  private readonly warningSpool = new Spool('warnings');
  private warningCount = 0;

  /**
   * Writes the opening of the object.
   * @param out - stdout or a file
   * @param head - scenario name and seed
   * @param earlyWarnings - warnings known before the run (e.g. `noSeed`), first in the list
   */
  constructor(private readonly out: TextOutput, head: { scenario: string; seed: number | string }, earlyWarnings: readonly RunWarning[] = []) {
    out.write(`{\n  "scenario": ${JSON.stringify(head.scenario)},\n  "seed": ${JSON.stringify(head.seed)},\n  "tasks": [`);
    for (const w of earlyWarnings) this.warning(w);
  }

  /** @inheritdoc */
  task(task: TaskResult): void {
    this.out.write((this.tasks++ === 0 ? '\n    ' : ',\n    ') + JSON.stringify(task));
  }

  /** @inheritdoc */
  enqueueCall(call: EnqueueCallResult): void {
    this.calls.write((this.callCount++ === 0 ? '\n    ' : ',\n    ') + JSON.stringify(call));
  }

  /** @inheritdoc */
  warning(warning: RunWarning): void {
    this.warningSpool.write((this.warningCount++ === 0 ? '\n    ' : ',\n    ') + JSON.stringify(warning));
  }

  /** Writes the rest of the object (and removes the spools). */
  finish(tail: ResultTail): void {
    const out = this.out;
    out.write(this.tasks === 0 ? '],\n  "enqueueCalls": [' : '\n  ],\n  "enqueueCalls": [');
    this.calls.drainTo(out);
    out.write(this.callCount === 0 ? '],\n' : '\n  ],\n');
    out.write(`  "endTimeMs": ${tail.endTimeMs},\n  "eventCount": ${tail.eventCount},\n  "digest": ${JSON.stringify(tail.digest)},\n  "warnings": [`);
    for (const w of tail.lateWarnings) this.warning(w);
    this.warningSpool.drainTo(out);
    out.write(this.warningCount === 0 ? '],\n' : '\n  ],\n');
    out.write('  "violations": [');
    tail.violations.forEach((v, i) => out.write((i === 0 ? '\n    ' : ',\n    ') + JSON.stringify({ ...v, clauses: [...v.clauses] })));
    out.write(tail.violations.length === 0 ? ']\n}\n' : '\n  ]\n}\n');
  }

  /** Removes the spools without writing them (the run failed). */
  discard(): void {
    this.calls.discard();
    this.warningSpool.discard();
  }
}
