import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server's origin (http://localhost:5173) is in Switchboard's default
// CORS_ORIGINS; on another port or host, add it there.
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true },
  // Pre-bundled when the server starts, so the first page load never finds a
  // new dependency and reloads the page mid-session (losing the sign-in).
  optimizeDeps: {
    include: [
      'react',
      'react/jsx-dev-runtime',
      'react-dom/client',
      'urql',
      '@urql/core',
      'graphql-ws',
    ],
  },
});
