// --set axes and --target: parsing, the cartesian product, validation through the scenario
// loader (errors name the option and the JSON path), and the ordering behind "smallest".
import test from 'ava';
import { applySetting, compareSettings, parseAxes, parseTarget, resolveSettings, settingsOf, SettingError, TargetError } from '../../app/sweep/index.js';
import { cli } from './helpers.js';

const source = { version: 1, name: 't', codeunits: {}, sessions: [{ id: 'u', pages: { p: {} }, script: [{ atMs: 0, open: 'p', record: null }] }], server: { childSessionsMaxQueueLength: 7 } };

test('--set options give the cartesian product, first axis most significant', (t) => {
  const axes = parseAxes(['server.childSessionsMaxConcurrency=5,3', 'server.childSessionsMaxQueueLength=20,100']);
  const settings = settingsOf(axes);
  t.deepEqual(settings.map((s) => s.label), [
    'server.childSessionsMaxConcurrency=5, server.childSessionsMaxQueueLength=20', 'server.childSessionsMaxConcurrency=5, server.childSessionsMaxQueueLength=100',
    'server.childSessionsMaxConcurrency=3, server.childSessionsMaxQueueLength=20', 'server.childSessionsMaxConcurrency=3, server.childSessionsMaxQueueLength=100',
  ]);
  const sorted = [...settings].sort((a, b) => compareSettings(axes, a, b)).map((s) => s.index);
  t.deepEqual(sorted, [2, 3, 0, 1], 'numbers compare numerically, not in the order given');
  t.deepEqual(settingsOf([]).map((s) => s.label), ['as in the file']);
  t.deepEqual(applySetting(source, settings[3]!), { ...source, server: { childSessionsMaxQueueLength: 100, childSessionsMaxConcurrency: 3 } });
  t.is(source.server.childSessionsMaxQueueLength, 7, 'the source is not changed');
});

test('bad --set keys and values name the option and the JSON path', (t) => {
  t.throws(() => parseAxes(['childSessionsMaxConcurrency=3']), { instanceOf: SettingError, message: /key under server\., policies\., limits\./ });
  t.throws(() => parseAxes(['server.a.b=3']), { instanceOf: SettingError });
  t.throws(() => parseAxes(['server.childSessionsMaxConcurrency=']), { instanceOf: SettingError, message: /key=value/ });
  t.throws(() => parseAxes(['server.childSessionsMaxConcurrency=3,3']), { instanceOf: SettingError, message: /twice/ });
  t.throws(() => parseAxes(['limits.maxEvents=1', 'limits.maxEvents=2']), { instanceOf: SettingError, message: /set twice/ });
  t.throws(() => resolveSettings(source, 'f.json', parseAxes(['server.childSessionsMaxConcurrency=3,x'])),
    { instanceOf: SettingError, message: /^--set server\.childSessionsMaxConcurrency=x: \$\.server\.childSessionsMaxConcurrency: expected [^\n]*"x"$/ });
  t.throws(() => resolveSettings(source, 'f.json', parseAxes(['server.noSuchSetting=1'])), { message: /^--set server\.noSuchSetting=1: \$\.server(\.noSuchSetting)?: unknown key/ });
  t.throws(() => resolveSettings(source, 'f.json', parseAxes(['policies.noSuchPolicy=x'])), { message: /\$\.policies(\.noSuchPolicy)?: unknown key "noSuchPolicy"/ });
  t.is(resolveSettings(source, 'f.json', parseAxes(['limits.maxEvents=100,200'])).length, 2);
});

test('targets parse into clauses and reject what they cannot read', (t) => {
  t.deepEqual(parseTarget('p99<=2000').clauses.map((c) => c.text), ['ttr.p99<=2000']);
  t.deepEqual(parseTarget('wait.p90 < 500 and rejected.max<=0, wastedMs.mean<=10.5').clauses.map((c) => c.text), ['wait.p90<500', 'rejected.max<=0', 'wastedMs.mean<=10.5']);
  t.throws(() => parseTarget('p42<=1'), { instanceOf: TargetError, message: /stat one of p50/ });
  t.throws(() => parseTarget('speed.p99<=1'), { instanceOf: TargetError, message: /metric one of ttr/ });
  t.throws(() => parseTarget('p99>=1'), { instanceOf: TargetError });
});

test('pbtsim sweep: bad --set, --target and --workers exit 2 with one line', (t) => {
  const a = cli('sweep', 'examples/customer-card.json', '--seeds', '1..2', '--set', 'server.childSessionsMaxConcurrency=5,abc');
  t.is(a.status, 2);
  // The loader's wording of "expected" is its own (input helper); the option and the JSON path are this command's.
  t.regex(a.stderr, /^pbtsim: --set server\.childSessionsMaxConcurrency=abc: \$\.server\.childSessionsMaxConcurrency: expected [^\n]*"abc"\n$/);
  const b = cli('sweep', 'examples/customer-card.json', '--target', 'p99=>5');
  t.is(b.status, 2);
  t.regex(b.stderr, /^pbtsim: --target: cannot read/);
  const c = cli('sweep', 'examples/customer-card.json', '--workers', '0');
  t.is(c.status, 2);
  t.regex(c.stderr, /--workers: expected a positive integer/);
  t.is(cli('sweep', 'examples/customer-card.json', '--queue', 'http://x').status, 2);
});
