/**
 * The sweep report as markdown.
 * @module
 */
import { mdTable } from './markdown.js';
import { formatMs, pct, type Summary } from './stats.js';
import type { SweepReport } from './sweep.js';

const cells = (s: Summary): (number | null)[] => [s.count, s.p50, s.p90, s.p99, s.max, s.mean];

/** Renders the sweep report as markdown. */
export function renderSweepMarkdown(r: SweepReport): string {
  const out: string[] = [`# pbtsim sweep: ${r.scenario}\n\n`];
  out.push(`- File: \`${r.file}\`\n- Seeds: ${r.seeds.spec} (${r.seeds.count} runs), ${r.distinctDigests} distinct traces\n`);
  out.push(`- Enqueue calls: ${r.enqueueCalls}, rejected ${r.rejected} (${pct(r.rejected, r.enqueueCalls)})\n`);
  out.push(`- Tasks: ${r.tasks}, cancelled ${r.cancelled} (${pct(r.cancelled, r.tasks)})\n`);
  out.push(`- Seeds with invariant violations: ${r.violatedSeeds}\n`);
  out.push(`- pbtsim ${r.meta.pbtsimVersion}, Node.js ${r.meta.nodeVersion}, ${r.meta.createdAt}, took ${formatMs(Math.round(r.meta.durationMs))}\n`);
  out.push('\n## Time to result per page (enqueue → trigger ran, ms)\n\n');
  out.push(mdTable(['Session', 'Page', 'Tasks', 'Delivered', 'n', 'p50', 'p90', 'p99', 'max', 'mean', 'Cancelled', 'Timed out', 'Failed', 'Dropped'],
    r.pages.map((p) => [p.session, p.page, p.tasks, p.delivered, ...cells(p.timeToResult), pct(p.cancelled, p.tasks), pct(p.timedOut, p.tasks), pct(p.failed, p.tasks), pct(p.dropped, p.tasks)]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
  out.push('\n## Rates per seed (percent)\n\n');
  out.push(mdTable(['Rate', 'Seeds', 'p50', 'p90', 'p99', 'max', 'mean'], [
    ['rejection (failed enqueues / calls)', ...cells(r.rejectionRate)],
    ['cancellation (cancelled / tasks)', ...cells(r.cancellationRate)],
  ], ['l', 'r', 'r', 'r', 'r', 'r', 'r']));
  out.push('\n## End time (virtual ms)\n\n');
  out.push(mdTable(['Runs', 'p50', 'p90', 'p99', 'max', 'mean'], [cells(r.endTime)], ['r', 'r', 'r', 'r', 'r', 'r']));
  out.push('\n## Violations\n\n');
  if (r.violations.length === 0) out.push('No seed broke an invariant.\n');
  for (const v of r.violations) out.push(`- seed ${v.seed}: ${v.count} violation(s), first: ${v.first}\n  \`${v.replay}\`\n`);
  if (r.violatedSeeds > r.violations.length) out.push(`- … ${r.violatedSeeds - r.violations.length} more seeds\n`);
  return out.join('');
}
