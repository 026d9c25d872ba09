/**
 * The consumer end of the check thread (checkThread.ts): unpacks the pipeline's record batches
 * and hands every record to the trace digest and the invariant monitors, in trace order. The
 * check thread runs one (checkWorker.ts); the pipeline runs one itself for a run too short to
 * start the thread, so both paths compute the same things by the same code.
 * @module
 */
import { RecordDigest, RecordUnpacker, type PackedBatch, type TraceRecord } from '../engine/index.js';
import type { Violation } from '../properties/index.js';
import { MonitorFold } from './monitors.js';

/** What a {@link CheckConsumer} computed. */
export interface CheckResult {
  /** The trace digest, `sha256:<hex>`. */
  readonly digest: string;
  /** Records consumed (framing included). */
  readonly records: number;
  /** The invariant violations (none when the monitors were not asked for). */
  readonly violations: Violation[];
}

/** What a run checks besides its digest. */
export interface CheckSpec {
  /** Run the invariant monitors. */
  readonly monitors: boolean;
  /** Only these invariants (default: all). */
  readonly invariants?: readonly string[];
}

/** Digest and monitors over packed record batches. */
export class CheckConsumer {
  private readonly unpacker = new RecordUnpacker();
  private readonly digest = new RecordDigest();
  private readonly monitors: MonitorFold | null;
  private readonly each: (record: TraceRecord, shape: number) => void;

  /** @param spec - the monitors to run besides the digest */
  constructor(spec: CheckSpec) {
    const digest = this.digest;
    const monitors = (this.monitors = spec.monitors ? new MonitorFold(spec.invariants) : null);
    this.each = monitors !== null
      ? (record, shape) => {
        digest.add(record, shape);
        monitors.step(record);
      }
      : (record, shape) => digest.add(record, shape);
  }

  /** Consumes the next batch. */
  consume(batch: PackedBatch): void {
    this.unpacker.unpack(batch, this.each);
  }

  /** The digest, the record count and the violations (call once, after the last batch). */
  finish(): CheckResult {
    return { digest: this.digest.value(), records: this.digest.records, violations: this.monitors?.finish() ?? [] };
  }
}
