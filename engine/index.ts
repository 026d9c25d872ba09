/**
 * pbtsim's domain-free deterministic discrete-event simulation kernel.
 *
 * - {@link Simulation}: clock, agenda, random streams, immutable state, trace and snapshots.
 * - {@link RngStreams} / {@link RandomStream}: named seeded streams and distributions.
 * - {@link canonicalJson}, {@link TraceDigest} and the sinks: the byte-exact trace.
 * - {@link SimulationError}: the one error type, with string codes.
 * @module
 */
export { Simulation, statusOf } from './simulation.js';
export type {
  EventHandle,
  FramingContext,
  HandlerContext,
  Model,
  PendingEvent,
  RunEnd,
  RunOptions,
  RunResult,
  RunStatus,
  SimEvent,
  SimulationOptions,
  SimulationSnapshot,
  TieBreaker,
} from './simulation.js';
export { RandomStream, RngStreams, checkDistribution } from './rng.js';
export type { Distribution, Seed, StreamState } from './rng.js';
export { canonicalJson, TraceDigest, MemorySink, DigestOnlySink, JsonlFileSink } from './trace.js';
export type { DigestState, TraceRecord, TraceSink, TraceValue } from './trace.js';
export { own } from './own.js';
export { RecordPacker, PACK_INTS, PACK_NUMS } from './recordPacker.js';
export type { PackedBatch, RecordPackerOptions } from './recordPacker.js';
export { RecordUnpacker } from './recordUnpacker.js';
export { RecordDigest } from './recordDigest.js';
export { SimulationError } from './errors.js';
export type { SimulationErrorCode } from './errors.js';
export { assertDelay } from './time.js';
export type { TimeMs } from './time.js';
