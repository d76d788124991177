// `npm test` runs this first: on a machine that lacks what the tests need it stops at once with
// one line saying what to run, instead of failing half-way (after the unit tests) with a launch error.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';

const chromium = JSON.parse(readFileSync(new URL('../e2e/chromium.json', import.meta.url), 'utf8'));
const browser = process.env.CHROMIUM_PATH ?? chromium.executablePath;
const problems = [];
if (!existsSync(new URL('../node_modules/.bin/playwright', import.meta.url))) problems.push('the npm packages are not installed (run `npm ci`)');
try {
  accessSync(browser, constants.X_OK);
} catch {
  problems.push(`Chromium is missing at ${browser} (run \`apt-get install -y chromium\`, or set CHROMIUM_PATH)`);
}
if (problems.length > 0) {
  console.error(`npm test cannot run here: ${problems.join('; ')}. \`bash .ci/run\` installs everything and runs the tests.`);
  process.exit(1);
}
