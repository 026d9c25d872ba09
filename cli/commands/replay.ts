/**
 * `pbtsim replay <trace.jsonl>`: re-runs the scenario embedded in a trace file with its seed,
 * and confirms that the digest of the new run, the digest recorded in the file and the digest of
 * the file's own records all agree.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { TraceDigest } from '../../engine/index.js';
import { compileScenario, runScenario } from '../../models/pbt/index.js';
import { CliError } from '../errors.js';
import { TRACE_FORMAT } from './run.js';

interface Meta {
  format: string;
  kind: 'header' | 'footer';
  [k: string]: unknown;
}

/** Replays a trace file; returns 0 when the digests agree, 1 otherwise. */
export function replayCommand(file: string, opts: { json?: boolean }): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`${file}: cannot read the trace file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const lines = text.split('\n').filter((l) => l.length > 0);
  const parse = (l: string, n: number): Record<string, unknown> => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new CliError(`${file}: line ${n + 1}: expected one JSON object per line`);
    }
  };
  const header = parse(lines[0] ?? '', 0) as Meta;
  if (header.format !== TRACE_FORMAT || header.kind !== 'header') throw new CliError(`${file}: line 1: expected a pbtsim trace header {"format":"${TRACE_FORMAT}","kind":"header",...}; was it written by \`pbtsim run --trace\`?`);
  const footer = parse(lines[lines.length - 1] ?? '', lines.length - 1) as Meta;
  if (footer.format !== TRACE_FORMAT || footer.kind !== 'footer') throw new CliError(`${file}: last line: expected the trace footer with the digest; the file is incomplete`);
  const fileDigest = new TraceDigest();
  for (const l of lines.slice(1, -1)) fileDigest.add(l);
  const sc = compileScenario(header['scenario'], `${file} (embedded scenario)`);
  const seed = header['seed'] as number | string;
  const rerun = runScenario(sc, { seed });
  const recorded = String(footer['digest']);
  const ok = rerun.result.digest === recorded && fileDigest.value() === recorded;
  const summary = { file, seed, recordedDigest: recorded, fileRecordsDigest: fileDigest.value(), replayDigest: rerun.result.digest, identical: ok };
  if (opts.json === true) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    process.stdout.write(`${file}: ${ok ? 'replay identical' : 'REPLAY DIFFERS'}\n`);
    process.stdout.write(`  recorded digest      ${recorded}\n  digest of the lines  ${fileDigest.value()}\n  replayed digest      ${rerun.result.digest}\n`);
  }
  return ok ? 0 : 1;
}

/** Registers `replay`. */
export function registerReplay(program: Command, handle: (fn: () => number) => void): void {
  program
    .command('replay')
    .description('re-run the scenario stored in a trace file and confirm the digest')
    .argument('<trace.jsonl>', 'a trace written by `pbtsim run --trace`')
    .option('--json', 'print the comparison as JSON')
    .action((file: string, opts: { json?: boolean }) => handle(() => replayCommand(file, opts)));
}
