/**
 * Events of the M/M/c model.
 * @module
 */

/** A customer arrives. */
export type MmcArrival = {
  /** Event kind. */
  readonly type: 'arrival';
};
/** A server finishes serving a customer. */
export type MmcDeparture = {
  /** Event kind. */
  readonly type: 'departure';
};
/** Every event of the M/M/c model. */
export type MmcEvent = MmcArrival | MmcDeparture;
