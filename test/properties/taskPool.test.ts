// The shared monitor state reuses the views of tasks gone for good (MonitorState.recycle): a
// recycled view must come back exactly as a new one, field for field and in the same order
// (one object shape), so no monitor can see what the previous task left in it.
import test from 'ava';
import type { PbtEnqueue } from '../../models/pbt/records.js';
import { MonitorState, type TaskView } from '../../properties/monitors/state.js';

const enqueue = (taskId: number, seq: number): PbtEnqueue => ({
  type: 'pbt.enqueue', seq, timeMs: seq * 10, session: 'u1', page: 'card', trigger: 'OnOpenPage', taskId, ok: true,
  record: 'C1', effectiveTimeoutMs: 500, errorLevel: 'Warning', inline: false,
} as unknown as PbtEnqueue);

test('a recycled task view equals a new one, field for field and in the same order', (t) => {
  const st = new MonitorState();
  const s = st.session('u1');
  const p = st.page(s, 'card');
  const used = st.newTask(s, p, enqueue(1, 1), 1) as unknown as Record<string, unknown>;
  // Dirty every field, as a task's life would.
  for (const k of Object.keys(used)) {
    if (k === 'sessionView' || k === 'pageView') continue;
    const v = used[k];
    used[k] = typeof v === 'number' ? 99 : typeof v === 'boolean' ? !v : { stale: k };
  }
  st.recycle(used as unknown as TaskView);
  const reused = st.newTask(s, p, enqueue(2, 7), 2);
  t.is(reused as unknown, used, 'the view was reused');
  const fresh = new MonitorState();
  const fs = fresh.session('u1');
  const want = fresh.newTask(fs, fresh.page(fs, 'card'), enqueue(2, 7), 2);
  t.deepEqual(Object.keys(reused), Object.keys(want));
  for (const k of Object.keys(want) as (keyof TaskView)[]) {
    if (k === 'sessionView') t.is(reused[k], s);
    else if (k === 'pageView') t.is(reused[k], p);
    else t.deepEqual(reused[k], want[k], k);
  }
});
