/**
 * A reference M/M/c queue built only on the public engine API, validated against Erlang C.
 *
 * - {@link mmcModel}: the model (state {@link MmcState}, events {@link MmcEvent}).
 * - {@link simulateMmc}: run it to the end, with optional time slices for batch means.
 * - {@link mmcAnalytic} / {@link erlangC}: the analytic steady state to compare with.
 * @module
 */
export { mmcModel, MMC_STREAMS } from './model.js';
export { simulateMmc } from './simulate.js';
export type { MmcRunOptions, MmcRunResult, MmcSlice } from './simulate.js';
export { erlangC, mmcAnalytic } from './erlangC.js';
export type { MmcAnalytic } from './erlangC.js';
export { checkMmcParameters } from './parameters.js';
export type { MmcParameters } from './parameters.js';
export { emptyMmcState, queueLength } from './state.js';
export type { MmcState } from './state.js';
export type { MmcArrival, MmcDeparture, MmcEvent } from './events.js';
