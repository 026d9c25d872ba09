/**
 * The commands of `pbtsim`, in help order. Adding a command = one file + one line here.
 * @module
 */
import type { Command } from 'commander';
import { registerRun } from './run.js';
import { registerValidate } from './validate.js';
import { registerReplay } from './replay.js';
import { registerRunReport } from './runReport.js';
import { registerReport } from './report.js';
import { registerSweep } from './sweep.js';
import { registerPolicies } from './policies.js';
import { registerCheck } from './check.js';
import { registerLint } from './lint.js';
import { registerImport } from './import.js';

/** A function that adds one or more commands to the program. */
export type Register = (program: Command, handle: (fn: () => number) => void) => void;

/** Every command registration, in help order. */
export const COMMANDS: readonly Register[] = [registerRunReport, registerRun, registerValidate, registerReplay, registerReport, registerSweep, registerPolicies, registerCheck, registerLint, registerImport];
