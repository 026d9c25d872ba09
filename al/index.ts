/**
 * Reading the user's AL: a tokenizer and a tolerant recursive-descent reader of pages, page
 * extensions and codeunits (`reader.ts`), reachability through procedure calls (`reach.ts`),
 * the page-background-task lint rules (`lint.ts`, PBT0001–PBT0010) and the translation of a
 * page and its tasks into a scenario (`importer.ts`). Clause IDs refer to `spec/pbt-spec.md`.
 * @module
 */
export { readAlProject, readAlText, readAlBytes, findAlFiles, projectOf, isFailure, AlPathError } from './reader.js';
export type { AlProject, AlFile, FileReadFailure } from './reader.js';
export type { AlObject, Routine, Finding, FindingBase, FindingData, VarDecl, PartRef, CodeunitArg, IntArg, TriggerLevel } from './objects.js';
export { routineLabel, pageTypeOf } from './objects.js';
export type { SourcePosition } from './source.js';
export { AlReadError, MAX_NESTING, MAX_PREPROCESSOR_NESTING } from './source.js';
export { tokenize } from './tokenizer.js';
export { resolvePreprocessor } from './preprocessor.js';
export type { PreprocessorSummary } from './preprocessor.js';
export type { Token, TokenKind, Suppressions, TokenizedFile } from './tokenizer.js';
export { ProjectIndex } from './project.js';
export type { OwnedRoutine } from './project.js';
export { reachFrom } from './reach.js';
export type { Reached } from './reach.js';
export { lintProject, countBySeverity } from './lint.js';
export type { LintReport, LintDiagnostic, LintObject, LintCall } from './lint.js';
export { LINT_RULES, ruleOf } from './lintRules.js';
export type { LintRule, Severity } from './lintRules.js';
export { parseLintConfig, readLintConfig, LintConfigError, LINT_CONFIG_FILE, DEFAULT_LINT_CONFIG } from './lintConfig.js';
export type { LintConfig, RuleSetting } from './lintConfig.js';
export { formatText, formatJson, formatSarif, LINT_FORMATS } from './lintFormats.js';
export type { LintFormat } from './lintFormats.js';
export { importScenario, importablePages, ImportError, PLACEHOLDER_ID } from './importer.js';
export type { ImportOptions, ImportResult } from './importer.js';
export { codeunitSpec, DEFAULT_TASK_MS } from './importCodeunit.js';
export { translateTrigger, ImportNotes, MAX_INLINE_DEPTH } from './importStatements.js';
export type { CodeunitIds } from './importStatements.js';
