/**
 * From the merged sweep to the report value the renderers take: summaries and histograms from
 * the exact counts, the target verdict per setting, the recommendation (the smallest setting
 * that meets the target, or that none does), the verdict line and the exit code, and the digest
 * of the merged aggregates.
 * @module
 */
import { niceStep, type Bin, type Summary } from '../../reports/stats.js';
import type { SweepReport, SweepSeedRow, SweepSettingRow } from '../../reports/sweep.js';
import { MAX_DIGESTS, type ListedSeed, type SettingAggregate } from './aggregate.js';
import { countOf, percentileOf, sumOf, type Counts } from './counts.js';
import { digestOf } from './shard.js';
import { compareSettings, type SweepAxis } from './settings.js';
import type { SweepOutcome } from './sweepRun.js';
import { evaluateTarget, statOf, type SweepTarget } from './target.js';

/** A summary (nearest-rank percentiles, mean to 0.1) of exact counts. */
export function summaryOf(c: Counts): Summary {
  const n = countOf(c);
  return {
    count: n, min: c[0]?.[0] ?? null, p50: percentileOf(c, 50), p90: percentileOf(c, 90), p99: percentileOf(c, 99),
    max: c[c.length - 1]?.[0] ?? null, mean: n === 0 ? null : Math.round((sumOf(c) / n) * 10) / 10,
  };
}

/**
 * Bins exact counts like `histogram` in reports/stats.ts: about `target` bins of a nice width;
 * exact zeros get a bin of their own (`from = to = 0`) when other values exist, and a single
 * repeated value is one bin `from = to = value` (so a chart tells "exactly 0" from "a little").
 * @param range - bin over this range instead of the counts' own (so settings share one scale)
 */
export function histogramOf(c: Counts, target = 24, range?: { readonly lo: number; readonly hi: number }): Bin[] {
  if (c.length === 0) return [];
  const lo = range?.lo ?? c[0]![0];
  const hi = range?.hi ?? c[c.length - 1]![0];
  if (lo === hi) return [{ from: lo, to: lo, count: countOf(c) }];
  const zeros = c.find(([v]) => v === 0)?.[1] ?? 0;
  const splitZeros = lo === 0;
  const out: Bin[] = splitZeros ? [{ from: 0, to: 0, count: zeros }] : [];
  const width = niceStep(Math.max(1, (hi - lo) / target));
  const start = Math.floor(lo / width) * width;
  const n = Math.max(1, Math.floor((hi - start) / width) + 1);
  const counts = new Array<number>(n).fill(0);
  for (const [v, k] of c) {
    if (splitZeros && v === 0) continue;
    counts[Math.min(n - 1, Math.floor((v - start) / width))]! += k;
  }
  return out.concat(counts.map((count, i) => ({ from: start + i * width, to: start + (i + 1) * width, count })));
}

/** The common range of several count lists (null when all are empty). */
function rangeOf(list: readonly Counts[]): { lo: number; hi: number } | undefined {
  const nonEmpty = list.filter((c) => c.length > 0);
  return nonEmpty.length === 0 ? undefined : { lo: Math.min(...nonEmpty.map((c) => c[0]![0])), hi: Math.max(...nonEmpty.map((c) => c[c.length - 1]![0])) };
}

/** What the report is about besides the merged outcome. */
export interface SweepReportInput {
  readonly scenario: string;
  readonly file: string;
  readonly pbtsimVersion: string;
  readonly seedsSpec: string;
  readonly seedCount: number;
  readonly axes: readonly SweepAxis[];
  readonly target: SweepTarget | null;
}

function seedRows(list: readonly ListedSeed[], file: string, label: string | null): SweepSeedRow[] {
  const withSetting = label === null ? '' : ` (with ${label} applied to the file)`;
  return list.map((s) => ({ seed: s.seed, what: s.what, count: s.count, replay: `pbtsim run ${file} --seed ${s.seed}${withSetting}` }));
}

function settingRow(o: SweepOutcome['settings'][number], input: SweepReportInput, ranges: { ttr?: { lo: number; hi: number }; rejected?: { lo: number; hi: number } }): SweepSettingRow {
  const a: SettingAggregate = o.aggregate;
  const label = o.setting.assignments.length === 0 ? null : o.setting.label;
  return {
    index: o.setting.index, label: o.setting.label, assignments: o.setting.assignments, scenarioDigest: o.scenarioDigest,
    runs: a.runs, complete: a.complete, statuses: a.statuses, truncated: a.truncated, truncatedSeeds: seedRows(a.truncatedSeeds, input.file, label),
    failures: a.failures, failedSeeds: seedRows(a.failedSeeds, input.file, label), violatedSeeds: a.violatedSeeds, violations: seedRows(a.violations, input.file, label),
    distinctTraces: a.digests.length, distinctTracesAtLeast: a.digests.length >= MAX_DIGESTS,
    enqueueCalls: a.enqueueCalls, rejected: a.rejected, tasks: a.tasks, delivered: a.delivered, cancelled: a.cancelled, timedOut: a.timedOut,
    failed: a.failed, dropped: a.dropped, wastedMs: a.wastedMs,
    timeToResult: summaryOf(a.timeToResult), timeToResultHistogram: histogramOf(a.timeToResult, 24, ranges.ttr), rejectedPerRunHistogram: histogramOf(a.perSeed.rejected, 20, ranges.rejected), wait: summaryOf(a.wait),
    perSeed: {
      rejected: summaryOf(a.perSeed.rejected), cancelled: summaryOf(a.perSeed.cancelled), timedOut: summaryOf(a.perSeed.timedOut),
      wastedMs: summaryOf(a.perSeed.wastedMs), endTimeMs: summaryOf(a.perSeed.endTimeMs),
    },
    pages: a.pages.map((p) => ({
      session: p.session, page: p.page, tasks: p.tasks, rejected: p.rejected, delivered: p.delivered, cancelled: p.cancelled, timedOut: p.timedOut,
      failed: p.failed, dropped: p.dropped, wastedMs: p.wastedMs, timeToResult: summaryOf(p.timeToResult), timeToResultHistogram: histogramOf(p.timeToResult), wait: summaryOf(p.wait),
    })),
    verdict: input.target === null ? null : evaluateTarget(input.target, a),
  };
}

function recommend(outcome: SweepOutcome, input: SweepReportInput, rows: readonly SweepSettingRow[]): SweepReport['recommendation'] {
  const target = input.target;
  if (target === null) return null;
  const order = [...outcome.settings].sort((x, y) => compareSettings(input.axes, x.setting, y.setting));
  const what = target.clauses.map((c) => c.text).join(' and ');
  const measured = (i: number): string => rows[i]!.verdict!.clauses.map((c) => `${c.text.replace(/(<=|<).*/, '')} = ${c.value ?? '–'}`).join(', ');
  const hit = order.find((o) => rows[o.setting.index]!.verdict!.meets);
  const partial = outcome.finished ? '' : ' (interrupted sweep: finished shards only)';
  if (hit !== undefined) {
    const i = hit.setting.index;
    return { setting: i, text: `Recommendation: ${hit.setting.label} is the smallest setting that meets ${what} (${measured(i)})${partial}.` };
  }
  const best = order.reduce<{ i: number; v: number } | null>((b, o) => {
    const c = target.clauses[0]!;
    const v = statOf(c.metric === 'ttr' ? o.aggregate.timeToResult : c.metric === 'wait' ? o.aggregate.wait : o.aggregate.perSeed[c.metric], c.stat);
    return v !== null && (b === null || v < b.v) ? { i: o.setting.index, v } : b;
  }, null);
  const disq = rows.filter((r) => r.verdict!.disqualified !== null).map((r) => `${r.label}: ${r.verdict!.disqualified}`);
  const bestText = best === null ? '' : `; closest: ${rows[best.i]!.label} (${measured(best.i)})`;
  return { setting: null, text: `Recommendation: no setting meets ${what}${bestText}${disq.length > 0 ? `; not eligible: ${disq.join('; ')}` : ''}${partial}.` };
}

function verdictLine(t: SweepReport['totals'], finished: boolean): string {
  const parts: string[] = [];
  if (!finished) return `Interrupted: ${t.runs} runs finished${t.violatedSeeds + t.failures + t.truncated > 0 ? ` (${[t.violatedSeeds > 0 ? `${t.violatedSeeds} seed(s) broke an invariant` : '', t.failures > 0 ? `${t.failures} failed` : '', t.truncated > 0 ? `${t.truncated} truncated` : ''].filter((x) => x !== '').join(', ')})` : ''}; the rest was not run.`;
  if (t.violatedSeeds > 0) parts.push(`${t.violatedSeeds} seed(s) broke an invariant`);
  if (t.failures > 0) parts.push(`${t.failures} run(s) failed in the model`);
  if (t.truncated > 0) parts.push(`${t.truncated} of ${t.runs} runs were truncated (limits.untilMs or limits.maxEvents): counted, not in the distributions, their ends not checked`);
  if (parts.length === 0) return 'No seed broke an invariant; every run was complete.';
  if (t.violatedSeeds === 0 && t.failures === 0) return `No seed broke an invariant in what was simulated, but ${parts.join('; ')}.`;
  return `${parts.join('; ')}.`;
}

/**
 * Builds the report of a merged sweep.
 * @returns the report and the exit code: 1 when a seed broke an invariant or a run failed in the
 * model, else 0 (truncated runs are reported prominently, not failed on)
 */
export function buildSweepReport(outcome: SweepOutcome, input: SweepReportInput): { report: SweepReport; exitCode: 0 | 1 } {
  // One scale per chart kind for every setting, so their histograms compare side by side.
  const ttr = rangeOf(outcome.settings.map((o) => o.aggregate.timeToResult));
  const rejected = rangeOf(outcome.settings.map((o) => o.aggregate.perSeed.rejected));
  const rows = outcome.settings.map((o) => settingRow(o, input, { ...(ttr ? { ttr } : {}), ...(rejected ? { rejected } : {}) }));
  const sum = (f: (a: SettingAggregate) => number): number => outcome.settings.reduce((n, o) => n + f(o.aggregate), 0);
  const totals = { runs: sum((a) => a.runs), complete: sum((a) => a.complete), truncated: sum((a) => a.truncated), failures: sum((a) => a.failures), violatedSeeds: sum((a) => a.violatedSeeds) };
  const digest = digestOf({
    format: 'pbtsim-sweep/2', seeds: input.seedsSpec, axes: input.axes, finished: outcome.finished, events: outcome.events,
    settings: outcome.settings.map((o) => ({ setting: o.setting, scenarioDigest: o.scenarioDigest, aggregate: o.aggregate })),
  });
  const report: SweepReport = {
    format: 'pbtsim-sweep/2', scenario: input.scenario, file: input.file, pbtsimVersion: input.pbtsimVersion,
    seeds: { spec: input.seedsSpec, count: input.seedCount }, axes: input.axes.map((a) => ({ key: a.key, values: [...a.values] })),
    target: input.target?.text ?? null, finished: outcome.finished, shards: outcome.shards, events: outcome.events, totals, settings: rows,
    recommendation: recommend(outcome, input, rows), verdict: verdictLine(totals, outcome.finished), digest,
  };
  return { report, exitCode: totals.violatedSeeds > 0 || totals.failures > 0 ? 1 : 0 };
}
