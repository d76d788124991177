import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./check-test-env.mjs', import.meta.url));
const run = (env: Record<string, string>) => spawnSync(process.execPath, [script], { env: { ...process.env, ...env }, encoding: 'utf8' });

describe('check-test-env (the first thing npm test runs)', () => {
  it('stops with one line naming the fix when Chromium is missing', () => {
    const result = run({ CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Chromium is missing at \/nonexistent\/chromium \(run `apt-get install -y chromium`/);
    expect(lines[0]).toMatch(/`bash \.ci\/run` installs everything/);
  });

  it('passes quietly when the browser is there', () => {
    const result = run({ CHROMIUM_PATH: process.execPath });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });
});
