import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  // Relative asset paths: the build is a static site that can be served from any folder.
  base: './',
  plugins: [react()],
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
