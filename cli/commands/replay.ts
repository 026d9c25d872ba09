/**
 * `pbtsim replay <trace.jsonl>`: re-runs the scenario embedded in a trace file with its seed and
 * checks the file against the replay record by record (app/replay.ts): header, footer counts
 * and status, the three digests, and the first differing record.
 * @module
 */
import type { Command } from 'commander';
import { formatReplay, replayTrace, stdoutWriter } from '../../app/index.js';

/** Replays a trace file; returns 0 when everything agrees, 1 otherwise. */
export async function replayCommand(file: string, opts: { json?: boolean }): Promise<number> {
  const s = await replayTrace(file);
  stdoutWriter().write(opts.json === true ? JSON.stringify(s, null, 2) + '\n' : formatReplay(s));
  return s.identical ? 0 : 1;
}

/** Registers `replay`. */
export function registerReplay(program: Command, handle: (fn: () => number | Promise<number>) => void): void {
  program
    .command('replay')
    .description('re-run the scenario stored in a trace file and confirm it record by record')
    .argument('<trace.jsonl>', 'a trace written by `pbtsim run --trace`')
    .option('--json', 'print the comparison as JSON')
    .action((file: string, opts: { json?: boolean }) => handle(() => replayCommand(file, opts)));
}
