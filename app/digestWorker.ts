/**
 * The digest thread's entry (a `worker_threads` worker started by digestFollower.ts): it runs the
 * pipeline's scenario again, digest only ({@link runDigestOnly}), never past the event count the
 * pipeline has published in the shared memory, and posts the digest back. It needs nothing but
 * the shared memory while it runs: it blocks in `Atomics.wait` while it is level with the
 * pipeline, and takes the pipeline's final status from its port with `receiveMessageOnPort`.
 * @module
 * @internal
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { SimulationSnapshot } from '../engine/index.js';
import type { CompiledScenario, PbtEvent, PbtState } from '../models/pbt/index.js';
import { runDigestOnly, type DigestGate } from './digestRun.js';
import { FollowerMemory, type DigestWorkerData, type DigestWorkerReply } from './digestProtocol.js';

function gateOn(memory: FollowerMemory, port: MessagePort): DigestGate {
  let finishStatus: string | null = null;
  return {
    next(events: number) {
      for (;;) {
        const generation = memory.generation();
        // The end flag before the count: the pipeline stores its last count before the flag, so
        // a count read after the flag was seen is the last one (read the other way round, a
        // publication in between would pair the end with the count before it).
        const ended = memory.ended();
        const allowed = memory.allowed();
        if (allowed > events) return { allowed, finishStatus: null };
        if (ended) {
          // The status is posted before the end is published; it may take a moment to arrive.
          while (finishStatus === null) {
            const m = receiveMessageOnPort(port) as { message: { finishStatus: string } } | undefined;
            if (m !== undefined) finishStatus = m.message.finishStatus;
            else memory.waitChange(memory.generation(), 10);
          }
          return { allowed, finishStatus };
        }
        memory.waitChange(generation, 1000);
      }
    },
  };
}

// The thread is started early (its modules load while the run goes on) and waits here for the
// run's snapshot, posted when the run reaches the hand-off point.
function awaitSnapshot(memory: FollowerMemory, port: MessagePort): SimulationSnapshot<PbtState, PbtEvent> {
  for (;;) {
    const generation = memory.generation();
    const m = receiveMessageOnPort(port) as { message: { snapshot: SimulationSnapshot<PbtState, PbtEvent> } } | undefined;
    if (m !== undefined) return m.message.snapshot;
    memory.waitChange(generation, 1000);
  }
}

const data = workerData as DigestWorkerData;
const memory = new FollowerMemory(data.memory);
let reply: DigestWorkerReply;
try {
  const sc = data.scenario as CompiledScenario;
  const snapshot = awaitSnapshot(memory, data.port);
  const result = runDigestOnly(sc, data.seed, gateOn(memory, data.port), { from: snapshot, onStarted: () => memory.setReady() });
  reply = { ok: true, ...result };
} catch (e) {
  reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
}
parentPort!.postMessage(reply);
