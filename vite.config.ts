import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * The built site's Content-Security-Policy: everything from its own origin; wasm compiled (tfjs'
 * wasm backend), workers, and images, media and files the page makes itself (blob:, data:).
 * Inline styles stay allowed: KaTeX's markup carries style attributes. The dev server goes without
 * it (React's refresh preamble is an inline script).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

const contentSecurityPolicy: Plugin = {
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
};

/** Every file below `dir`, as paths relative to it with forward slashes. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'));
}

/**
 * Writes sw.js (src/offline/serviceWorker.js with the list of files to cache) into the build, so
 * that the site works offline once opened. Left out: the bench pages, the README's screenshots, and
 * the KaTeX fonts' .woff and .ttf (every browser that runs the site takes .woff2).
 */
function offline(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'offline',
    apply: 'build',
    configResolved: (resolved) => {
      config = resolved;
    },
    writeBundle() {
      const out = config.build.outDir;
      const skip = /(^src\/bench\/|(^|\/)(bench|trainBench|digitsBench)[-.]|^screenshot|\.(ttf|woff|md)$|^sw\.js$)/;
      const files = filesBelow(out).filter((f) => !skip.test(f)).sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(out, f)));
      const precache = { cache: `diffusion-playground-${hash.digest('hex').slice(0, 16)}`, files: ['./', ...files] };
      const worker = readFileSync('src/offline/serviceWorker.js', 'utf8');
      writeFileSync(join(out, 'sw.js'), `const PRECACHE = ${JSON.stringify(precache)};\n${worker}`);
    },
  };
}

export default defineConfig({
  // Relative asset paths: the build is a static site that can be served from any folder.
  base: './',
  plugins: [react(), contentSecurityPolicy, offline()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // src/bench/*.html are the bare pages `npm run bench` drives (frame, training and digits benches).
    rollupOptions: { input: { main: 'index.html', bench: 'src/bench/index.html', trainBench: 'src/bench/train.html', digitsBench: 'src/bench/digits.html' } },
  },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
