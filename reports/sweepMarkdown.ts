/**
 * The sweep report as markdown: the verdict and the recommendation first, then the settings
 * side by side (one column per setting), time to result per page per setting, and the listed
 * truncated runs, failed runs and violations with their replay commands.
 * @module
 */
import { mdTable } from './markdown.js';
import { formatMs, pct, type Summary } from './stats.js';
import type { SweepReport, SweepSeedRow, SweepSettingRow } from './sweep.js';

const cells = (s: Summary): (number | null)[] => [s.count, s.p50, s.p90, s.p99, s.max, s.mean];
const v = (x: number | null): string => (x === null ? '–' : String(x));

/** The rows of the side-by-side table: a label and one cell per setting. */
export function sideBySideRows(settings: readonly SweepSettingRow[]): (readonly string[])[] {
  const row = (label: string, f: (s: SweepSettingRow) => string): string[] => [label, ...settings.map(f)];
  const rows = [
    row('runs (complete / truncated / failed)', (s) => `${s.runs} (${s.complete} / ${s.truncated} / ${s.failures})`),
    row('seeds that broke an invariant', (s) => String(s.violatedSeeds)),
    row('distinct traces', (s) => `${s.distinctTracesAtLeast ? '≥ ' : ''}${s.distinctTraces}`),
    row('time to result p50 / p90 / p99 (ms)', (s) => `${v(s.timeToResult.p50)} / ${v(s.timeToResult.p90)} / ${v(s.timeToResult.p99)}`),
    row('time to result max / mean (ms)', (s) => `${v(s.timeToResult.max)} / ${v(s.timeToResult.mean)}`),
    row('wait for a child session p50 / p99 (ms)', (s) => `${v(s.wait.p50)} / ${v(s.wait.p99)}`),
    row('enqueue calls rejected', (s) => `${s.rejected} of ${s.enqueueCalls} (${pct(s.rejected, s.enqueueCalls)})`),
    row('rejected per run p50 / p99 / max', (s) => `${v(s.perSeed.rejected.p50)} / ${v(s.perSeed.rejected.p99)} / ${v(s.perSeed.rejected.max)}`),
    row('tasks cancelled', (s) => `${s.cancelled} of ${s.tasks} (${pct(s.cancelled, s.tasks)})`),
    row('tasks timed out', (s) => `${s.timedOut} (${pct(s.timedOut, s.tasks)})`),
    row('tasks failed / results dropped', (s) => `${s.failed} / ${s.dropped}`),
    row('wasted child-session time per run p50 / p99 (ms)', (s) => `${v(s.perSeed.wastedMs.p50)} / ${v(s.perSeed.wastedMs.p99)}`),
    row('end time p50 / max (virtual ms)', (s) => `${v(s.perSeed.endTimeMs.p50)} / ${v(s.perSeed.endTimeMs.max)}`),
  ];
  if (settings.some((s) => s.verdict !== null)) {
    rows.push(row('target', (s) => (s.verdict === null ? '–' : s.verdict.disqualified !== null ? `not eligible (${s.verdict.disqualified})`
      : s.verdict.meets ? 'meets' : `misses: ${s.verdict.clauses.filter((c) => !c.holds).map((c) => `${c.text} (${v(c.value)})`).join(', ')}`)));
  }
  return rows;
}

function seedList(title: string, rows: readonly SweepSeedRow[], total: number): string {
  if (total === 0) return '';
  const out = [`\n**${title}** (${total}; the first ${rows.length} by seed):\n\n`];
  for (const r of rows) out.push(`- seed ${r.seed}: ${r.what}${r.count > 1 ? ` (${r.count} violations)` : ''}\n  \`${r.replay}\`\n`);
  return out.join('');
}

/** Renders the sweep report as markdown. */
export function renderSweepMarkdown(r: SweepReport): string {
  const out: string[] = [`# pbtsim sweep: ${r.scenario}\n\n`];
  if (!r.finished) out.push(`> **Interrupted:** ${r.shards.done} of ${r.shards.total} shards finished; everything below covers those only.\n\n`);
  if (r.totals.truncated > 0) out.push(`> **Warning: ${r.totals.truncated} of ${r.totals.runs} runs were truncated** (limits.untilMs or limits.maxEvents reached). They are counted and listed below and left out of every distribution.\n\n`);
  out.push(`**${r.verdict}**\n\n`);
  if (r.recommendation !== null) out.push(`**${r.recommendation.text}**\n\n`);
  out.push(`- File: \`${r.file}\`\n- Seeds: ${r.seeds.spec} (${r.seeds.count} per setting), ${r.settings.length} setting(s), ${r.totals.runs} runs, ${r.events} events\n`);
  for (const a of r.axes) out.push(`- --set ${a.key}=${a.values.join(',')}\n`);
  if (r.target !== null) out.push(`- Target: \`${r.target}\`\n`);
  out.push(`- pbtsim ${r.pbtsimVersion}, digest \`${r.digest}\`\n`);
  out.push('\n## Settings side by side\n\n');
  out.push(mdTable(['', ...r.settings.map((s) => s.label)], sideBySideRows(r.settings), ['l', ...r.settings.map((): 'r' => 'r')]));
  out.push('\n## Time to result per page (enqueue → trigger ran, ms; complete runs only)\n');
  for (const s of r.settings) {
    out.push(`\n### ${s.label}\n\n`);
    out.push(mdTable(['Session', 'Page', 'Tasks', 'Rejected', 'Delivered', 'n', 'p50', 'p90', 'p99', 'max', 'mean', 'Wait p99', 'Cancelled', 'Timed out', 'Failed', 'Dropped', 'Wasted'],
      s.pages.map((p) => [p.session, p.page, p.tasks, p.rejected, p.delivered, ...cells(p.timeToResult), p.wait.p99, pct(p.cancelled, p.tasks), pct(p.timedOut, p.tasks),
        pct(p.failed, p.tasks), pct(p.dropped, p.tasks), formatMs(p.wastedMs)]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
  }
  out.push('\n## Truncated runs, failed runs and violations\n');
  let any = false;
  for (const s of r.settings) {
    const text = seedList('Truncated runs', s.truncatedSeeds, s.truncated) + seedList('Runs that failed in the model', s.failedSeeds, s.failures) + seedList('Seeds that broke an invariant', s.violations, s.violatedSeeds);
    if (text === '') continue;
    any = true;
    out.push(`\n### ${s.label}\n${text}`);
  }
  if (!any) out.push(`\n${r.verdict}\n`);
  return out.join('');
}
