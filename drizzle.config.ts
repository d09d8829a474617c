import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/store/tables.ts', './src/contexts/*/store/tables.ts'],
  out: './drizzle',
});
