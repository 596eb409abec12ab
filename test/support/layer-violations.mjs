// Runs dependency-cruiser's JS API with the project's rules and prints the violations as JSON.
// A separate process because dependency-cruiser is an ES module, which jest's CommonJS runtime
// cannot import. Usage: node layer-violations.mjs <cwd> <folder>...
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [cwd, ...folders] = process.argv.slice(2);
const tsConfigFile = path.join(root, 'tsconfig.json');
const options = {
  ...(await extractDepcruiseOptions(path.join(root, '.dependency-cruiser.cjs'))),
  tsConfig: { fileName: tsConfigFile },
};
const tsConfig = extractTSConfig(tsConfigFile);
// The rules name paths from the cruised tree's root (`^shared/domain/`), hence the cwd.
process.chdir(cwd);
const result = await cruise(folders, options, {}, { tsConfig });
const violations = result.output.summary.violations.map((v) => ({
  rule: v.rule.name,
  from: v.from,
  to: v.to,
  ...(v.cycle ? { cycle: v.cycle.map((step) => step.name) } : {}),
}));
process.stdout.write(`${JSON.stringify(violations)}\n`);
