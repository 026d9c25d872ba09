/**
 * The check thread's entry (a `worker_threads` worker started by checkThread.ts): it consumes the
 * pipeline's record batches in order ({@link CheckConsumer}: digest and invariant monitors),
 * counts them in the shared word the pipeline waits on, and posts the result at the end.
 * @module
 * @internal
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CheckConsumer } from './checkConsumer.js';
import { CONSUMED, PUBLISHED, type CheckWorkerData, type CheckWorkerMessage, type CheckWorkerReply } from './checkProtocol.js';

const data = workerData as CheckWorkerData;
const consumed = new Int32Array(data.memory);
const port = parentPort!;
let consumer: CheckConsumer | null = new CheckConsumer(data.spec);

port.on('message', (m: CheckWorkerMessage) => {
  // Every message is counted, after a failure too: the pipeline never waits for a thread that
  // will consume nothing more.
  if (consumer === null) {
    Atomics.add(consumed, CONSUMED, 1);
    Atomics.notify(consumed, CONSUMED);
    return;
  }
  let reply: CheckWorkerReply | undefined;
  try {
    if ('batch' in m) {
      Atomics.load(consumed, PUBLISHED); // pairs with the pipeline's write before the post
      consumer.consume(m.batch);
    }
    else reply = { ok: true, ...consumer.finish() };
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  Atomics.add(consumed, CONSUMED, 1);
  Atomics.notify(consumed, CONSUMED);
  if (reply !== undefined) {
    consumer = null;
    port.postMessage(reply);
  }
});
