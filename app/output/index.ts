/**
 * The output module: every file a command writes goes through it (atomic, checked, cleaned up
 * on errors and signals; see atomicFile.ts), stdout included (fdWriter.ts). Inputs are
 * registered so that no output can overwrite them (registry.ts). See docs/reliability.md.
 * @module
 */
export { AtomicFile, writeFileAtomic, writeFully } from './atomicFile.js';
export { installCleanup, liveTempCount, type Discardable } from './cleanup.js';
export { OutputError, codeOf, describeCode } from './errors.js';
export { FdWriter, StringOutput, type TextOutput } from './fdWriter.js';
export { isJsonScalar, JsonBytes, JsonField, jsonPiece, type JsonPiece } from './jsonBytes.js';
export { stdoutWriter } from './stdio.js';
export { claimOutput, registerInput, resetFileRegistry } from './registry.js';
export { errnoError, fileOps, realFileOps, setFileOpsForTesting, type FileOps } from './seam.js';
export { Spool } from './spool.js';
