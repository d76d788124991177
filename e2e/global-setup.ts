import { accessSync, constants } from 'node:fs';
import chromium from './chromium.json' with { type: 'json' };

/** Fail fast, with the fix, when the browser the tests need is missing. */
export default function globalSetup(): void {
  const path = process.env.CHROMIUM_PATH ?? chromium.executablePath;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium was not found at ${path}. Install Debian's build with ` +
        '`apt-get install -y chromium` (or run `bash .ci/run`, which does), ' +
        'or point CHROMIUM_PATH at another Chromium.',
    );
  }
}
