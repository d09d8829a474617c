// The console build: web/src → web/dist, hashed assets under /assets/ (served with a long cache by `tierdesk serve`).
// Chunks: react, react-dom and react-router in one (the entry needs them all); antd is split by rolldown along the
// routes that use each component, so the sign-in route loads none of it and each page only the components it shows.
// The manifest (dist/.vite/manifest.json) lets `npm run bench` measure each route's JavaScript.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ }],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
