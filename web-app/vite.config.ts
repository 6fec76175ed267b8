import { defineConfig } from 'vitest/config';

// Served by the gateway at '/', next to /api and /media on the same origin, so the base stays '/'.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
  server: {
    // `npm run dev` talks to the local gateway through Vite's proxy, so the app still calls same-origin paths.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/media': 'http://127.0.0.1:8080',
      // The card step's Stripe-shaped calls go to the gateway's local route to the Stripe emulator.
      '/stripe': 'http://127.0.0.1:8080',
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
