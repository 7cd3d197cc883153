import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Compiles the application once (`npm run build`, into dist/) so that the
 * api and worker child processes start in about a second instead of
 * transpiling on every start. FAULTS_SKIP_BUILD=1 reuses an existing build;
 * FAULTS_TS_NODE=1 runs the sources with ts-node instead.
 */
export default function globalSetup(): void {
  if (process.env.FAULTS_SKIP_BUILD === '1' || process.env.FAULTS_TS_NODE === '1') return;
  execFileSync('npm', ['run', 'build'], {
    cwd: join(__dirname, '..', '..', '..'),
    stdio: 'inherit',
  });
}
