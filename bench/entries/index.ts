/**
 * The registry of benchmark entries, in the order they run and print. To add an entry, add one
 * file under `bench/entries/` exporting a {@link BenchEntry} and one line below.
 * @module
 */
import type { BenchEntry } from './entry.js';
import { rawHeapBaseline } from './rawHeapBaseline.js';
import { kernelNoop } from './kernelNoop.js';
import { kernelState } from './kernelState.js';
import { mmcQueue } from './mmcQueue.js';
import { pbtBrowse } from './pbtBrowse.js';
import { modelBrowse, runBrowse, runRunaway } from './runBrowse.js';
import { sweepScaling } from './sweepScaling.js';
import { alRead } from './alRead.js';

export const entries: readonly BenchEntry[] = [
  rawHeapBaseline,
  kernelNoop,
  mmcQueue,
  kernelState(10),
  kernelState(10_000),
  pbtBrowse(10),
  pbtBrowse(10_000),
  runBrowse(100),
  runBrowse(1000),
  modelBrowse(1000),
  runRunaway,
  sweepScaling,
  alRead,
];
