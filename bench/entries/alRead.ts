/**
 * al-read: the AL reader on 100 generated files of ordinary size (about 160 lines each, made by
 * concatenating the fixture projects' files in a fixed rotation, so deterministic), written to a
 * temporary folder before the timed part. Timed: `readAlProject` on the folder (finding the
 * files, reading, tokenizing, preprocessing, reading objects and statements). The lint pass over
 * the same project is timed separately and reported as `lintSeconds`. The unit of `events` is
 * one file.
 * @module
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintProject, readAlProject } from '../../al/index.js';
import { secondsSince, type BenchEntry } from './entry.js';

/** Files generated and read. */
const FILES = 100;
/** Fixture files concatenated into one generated file. */
const PER_FILE = 4;

function fixtureTexts(): string[] {
  const root = join('test', 'fixtures', 'al');
  const out: string[] = [];
  for (const dir of readdirSync(root).sort()) {
    if (dir === 'hostile' || !statSync(join(root, dir)).isDirectory()) continue;
    for (const f of readdirSync(join(root, dir)).sort()) if (f.endsWith('.al')) out.push(readFileSync(join(root, dir, f), 'utf8'));
  }
  return out;
}

/** The generated files' texts (exported for the test that checks they all read cleanly). */
export function generatedAlFiles(): string[] {
  const src = fixtureTexts();
  return Array.from({ length: FILES }, (_, k) => Array.from({ length: PER_FILE }, (_, j) => src[(k * PER_FILE + j) % src.length]!).join('\n'));
}

/** The al-read entry. */
export const alRead: BenchEntry = {
  name: 'al-read',
  description: `AL reader: ${FILES} generated .al files (~160 lines each) read from a folder; lint timed separately`,
  run() {
    const dir = mkdtempSync(join(tmpdir(), 'pbtsim-al-read-'));
    try {
      const texts = generatedAlFiles();
      texts.forEach((t, i) => writeFileSync(join(dir, `File${String(i).padStart(3, '0')}.al`), t));
      const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);
      const start = process.hrtime.bigint();
      const project = readAlProject([dir]);
      const seconds = secondsSince(start);
      const lintStart = process.hrtime.bigint();
      const report = lintProject(project);
      const lintSeconds = secondsSince(lintStart);
      if (project.failures.length > 0) throw new Error(`al-read: ${project.failures.length} generated file(s) failed to read: ${project.failures[0]!.reason}`);
      return { events: project.files.length, seconds, extra: { lines, objects: project.objects.length, diagnostics: report.diagnostics.length, lintSeconds: Number(lintSeconds.toFixed(4)) } };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
