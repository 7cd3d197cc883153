import { rawTaskServer } from './baselines';

/**
 * The baseline of `bench:tasks`, forked as a process of its own: graphql-js
 * over pg with one hand-written JOIN, no auth, no framework. Its PostgreSQL
 * connections carry the application name RAW_APPLICATION_NAME, so the
 * parent can tell their CPU from the api's. Started with BENCH_RAW_DATABASE_URL
 * and BENCH_RAW_ORGANIZATION_ID (BENCH_RAW_CREATOR_ID for its `createTask`, unused
 * by bench:tasks); sends `{ url }` once it listens.
 */
export const RAW_APPLICATION_NAME = 'switchboard-bench-raw';

async function main(): Promise<void> {
  const raw = await rawTaskServer(
    process.env.BENCH_RAW_DATABASE_URL as string,
    {
      organizationId: process.env.BENCH_RAW_ORGANIZATION_ID as string,
      creatorId: process.env.BENCH_RAW_CREATOR_ID ?? '',
    },
    RAW_APPLICATION_NAME,
  );
  process.send?.({ url: raw.url });
  process.on('disconnect', () => void raw.close().then(() => process.exit(0)));
}

if (require.main === module) void main();
