// The al-read benchmark's generated input is what it claims: 100 files that all read cleanly.
import test from 'ava';
import { isFailure, readAlText } from '../../al/index.js';
import { generatedAlFiles } from '../../bench/entries/alRead.js';

test('the 100 generated files read without a failure and hold objects', (t) => {
  const texts = generatedAlFiles();
  t.is(texts.length, 100);
  let objects = 0;
  texts.forEach((text, i) => {
    const r = readAlText(text, `File${i}.al`);
    if (isFailure(r)) t.fail(`${i}: ${r.reason}`);
    else objects += r.objects.length;
  });
  t.true(objects >= 400);
  t.deepEqual(generatedAlFiles(), texts, 'deterministic');
});
