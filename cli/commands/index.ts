/**
 * The commands of `pbtsim`, in help order. Adding a command = one file + one line here.
 * @module
 */
import type { Command } from 'commander';
import { registerRun } from './run.js';
import { registerValidate } from './validate.js';
import { registerReplay } from './replay.js';
import { registerReport } from './report.js';
import { registerSweep } from './sweep.js';
import { registerPolicies } from './policies.js';
import { registerCheck } from './check.js';
import { registerCheckTrace } from './checkTrace.js';
import { registerWorker } from './worker.js';
import { registerLint } from './lint.js';
import { registerImport } from './import.js';

/** A function that adds one or more commands to the program; `handle` takes an exit code or a promise of one. */
export type Register = (program: Command, handle: (fn: () => number | Promise<number>) => void) => void;

/** Every command registration, in help order. */
export const COMMANDS: readonly Register[] = [registerRun, registerValidate, registerReplay, registerReport, registerSweep, registerPolicies, registerCheck, registerCheckTrace, registerWorker, registerLint, registerImport];
