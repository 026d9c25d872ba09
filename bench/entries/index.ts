/**
 * The registry of benchmark entries, in the order they run and print. To add an entry, add one
 * file under `bench/entries/` exporting a {@link BenchEntry} and one line below.
 * @module
 */
import type { BenchEntry } from './entry.js';
import { rawHeapBaseline } from './rawHeapBaseline.js';
import { kernelNoop } from './kernelNoop.js';
import { kernelState } from './kernelState.js';

export const entries: readonly BenchEntry[] = [
  rawHeapBaseline,
  kernelNoop,
  kernelState(10),
  kernelState(10_000),
];
