// Child-process half of the determinism test: runs each scenario of a JSON file with its seed
// and prints one digest per line.
import { readFileSync } from 'node:fs';
import { compileScenario, runScenario, type ScenarioFile } from '../../models/pbt/index.js';

const cases = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { scenario: ScenarioFile; seed: number }[];
for (const c of cases) process.stdout.write(`${runScenario(compileScenario(c.scenario), { seed: c.seed }).result.digest}\n`);
