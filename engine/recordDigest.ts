/**
 * The trace digest of records that were built elsewhere: the digest a {@link Simulation} computes
 * of the same records, from the records themselves (e.g. records unpacked on another thread,
 * {@link RecordUnpacker}). Records are encoded by the simulation's own fast encoder.
 * @module
 */
import { RecordEncoder } from './_internal/recordEncoder.js';
import { TraceDigest, type TraceRecord } from './trace.js';

/** Digests trace records in order. */
export class RecordDigest {
  private readonly digest = new TraceDigest();
  private readonly encoder = new RecordEncoder();

  /**
   * Appends one record (its canonical JSON: the same bytes whatever its key order).
   * @param record - the record
   * @param shape - the packed shape id {@link RecordUnpacker} gives with the record (its keys are
   *   then those of every record of that id, which saves checking them), or -1
   * @throws SimulationError `invalid-event` for a value canonical JSON cannot carry
   */
  add(record: TraceRecord, shape = -1): void {
    if (shape >= 0) this.encoder.encodeKnown(this.digest, record, shape);
    else this.encoder.encode(this.digest, record.type, record, record.seq, record.timeMs, false);
  }

  /** Records appended. */
  get records(): number {
    return this.digest.records;
  }

  /** The digest so far, `sha256:<hex>`. */
  value(): string {
    return this.digest.value();
  }
}
