import type { Plugin } from 'vite';
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

export default defineConfig({
  // Relative asset paths: the build is a static site that can be served from any folder.
  base: './',
  plugins: [react(), contentSecurityPolicy],
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
