// Issue 12 §5: the first hour of a newcomer, following README.md as written at test time (the
// README is parsed, not copied, so this test follows it when it changes). It fails when a
// command prints a stack trace, when the README's npm commands differ from package.json, when a
// command the README names does not exist, or when an example or a linked file is missing.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const README = readFileSync('README.md', 'utf8');
const PKG = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
const STACK = /\n\s+at .+[(:]\d+/;

const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Fenced code blocks of a Markdown text, with their language. */
function blocks(md: string): { lang: string; body: string }[] {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({ lang: m[1] ?? '', body: m[2] ?? '' }));
}
/** Shell commands of the README's sh blocks: `{ command, comment }`, `a && b` split. */
function shellCommands(): { command: string; comment: string }[] {
  const out: { command: string; comment: string }[] = [];
  for (const b of blocks(README).filter((x) => ['sh', 'bash', 'shell', 'console'].includes(x.lang))) {
    for (const line of b.body.split('\n')) {
      const [cmd = '', ...rest] = line.replace(/^\$\s*/, '').split('#');
      for (const part of cmd.split('&&').map((s) => s.trim()).filter(Boolean)) out.push({ command: part, comment: rest.join('#').trim() });
    }
  }
  return out;
}
/** Commands the README shows: inline code and code-block lines that start with `pbtsim <name>` (or `npx pbtsim`). */
const namedCommands = (): Set<string> => {
  const snippets = [...[...README.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!), ...blocks(README).flatMap((b) => b.body.split('\n'))];
  const names = snippets.map((s) => /^\s*(?:\$\s*)?(?:npx\s+)?pbtsim\s+([a-z][\w-]*)/.exec(s)?.[1]).filter((n): n is string => n !== undefined);
  return new Set(names);
};

const help = cli('--help');
const registered = [...help.stdout.split(/^Commands:$/m)[1]?.matchAll(/^ {2}([a-z][\w-]*)/gm) ?? []].map((m) => m[1]!).filter((c) => c !== 'help');

test('first hour: the README has a quick start with npm commands', (t) => {
  const npm = shellCommands().filter((c) => c.command.startsWith('npm '));
  t.true(npm.length >= 2, JSON.stringify(npm));
});

test('first hour: every npm command of the README is a package.json script (or an npm built-in) and does what its comment says', (t) => {
  const builtins = new Set(['ci', 'install', 'i']);
  for (const { command, comment } of shellCommands().filter((c) => c.command.startsWith('npm '))) {
    const words = command.split(/\s+/);
    const name = words[1] === 'run' ? words[2]! : words[1]!;
    if (builtins.has(name)) {
      if (name === 'ci') t.true(existsSync('package-lock.json'), 'npm ci needs the committed lockfile');
      if (/\bbuild/.test(comment)) t.regex(PKG.scripts['prepare'] ?? '', /build/, `"${command}" builds only through the prepare script`);
      continue;
    }
    const script = PKG.scripts[name];
    t.truthy(script, `"${command}": no script "${name}" in package.json`);
    if (script === undefined) continue;
    if (/typecheck/.test(comment)) t.regex(script, /\btsc\b/, `"${command}" should typecheck`);
    if (/\btests?\b/.test(comment)) t.regex(script, /\bava\b/, `"${command}" should run the tests`);
    if (/\brun\b.*\bexample\b/.test(comment)) t.regex(script, /examples\/[\w-]+\.json/, `"${command}" should run an example`);
  }
});

test('first hour: `npm start` (run from source) prints a story, exit 0, no stack trace', (t) => {
  const start = PKG.scripts['start'];
  if (start === undefined) return t.fail('no start script');
  const m = /^node (\S+)\s+(.*)$/.exec(start);
  t.truthy(m, start);
  t.is(m![1], PKG.bin['pbtsim'], 'start runs the pbtsim bin');
  const r = cli(...m![2]!.split(/\s+/));
  t.is(r.status, 0, r.stderr);
  t.false(STACK.test(r.stderr + r.stdout));
  t.regex(r.stdout, /task 1/);
});

test('first hour: every command the README names exists', (t) => {
  t.true(registered.length >= 8, registered.join(', '));
  const named = namedCommands();
  t.true(named.size >= 5, [...named].join(', '));
  for (const c of named) t.true(registered.includes(c), `README names "pbtsim ${c}", which is not a command (${registered.join(', ')})`);
});

test('first hour: --help of every registered command prints usage, exit 0, no stack trace', (t) => {
  t.is(help.status, 0);
  t.false(STACK.test(help.stderr + help.stdout));
  for (const c of registered) {
    const r = cli(c, '--help');
    t.is(r.status, 0, `${c}: ${r.stderr}`);
    t.is(r.stderr, '', c);
    t.regex(r.stdout, new RegExp(`^Usage: pbtsim ${c}\\b`), c);
    t.false(STACK.test(r.stdout), c);
  }
});

test('first hour: each example validates and runs, exit 0, no stack trace', (t) => {
  const files = readdirSync('examples').filter((f) => f.endsWith('.json'));
  t.true(files.length >= 6);
  for (const f of files) {
    const v = cli('validate', `examples/${f}`);
    t.is(v.status, 0, `${f}: ${v.stderr}`);
    const r = cli('run', `examples/${f}`);
    t.is(r.status, 0, `${f}: ${r.stderr}`);
    t.false(STACK.test(r.stderr + r.stdout), f);
  }
});

test('first hour: the README and the format docs link only to files that exist, and cite no file outside the repo', (t) => {
  for (const doc of ['README.md', 'docs/scenario-format.md', 'docs/policies.md']) {
    const text = readFileSync(doc, 'utf8');
    for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue;
      t.true(existsSync(normalize(join(dirname(doc), target))), `${doc} links to ${target}, which does not exist`);
    }
    if (doc !== 'README.md') t.false(/design\/architecture\.md|(?<!catalog\/)spec\/pbt-spec\.md/.test(text), `${doc} cites a file outside the repo`);
  }
});
