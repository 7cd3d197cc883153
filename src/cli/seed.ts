import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createApiApplication } from '@/bootstrap';
import { environment } from '@/config/configuration';
import { EmbeddedPostgres } from '@/database/embedded-postgres';
import { SeedClient } from './seed/client';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_PEOPLE } from './seed/demo-data';
import { runLive } from './seed/live';
import { seedDemo } from './seed/seed-demo';

const USAGE = `npm run seed [-- --live] [-- --url <url>]

Creates the demo organization "${DEMO_ORGANIZATION}" in the configured
database: people in every role, teams, a task board, recurring events, a
campaign with scored calls and a small fleet with geofences. A second run
finds everything there and changes nothing. Refuses to run when
NODE_ENV=production.

  --url <url>   a running Switchboard to seed through (default: PUBLIC_URL,
                else http://localhost:$PORT). When nothing answers there,
                the seed starts the application itself (same configuration
                as npm start: embedded PostgreSQL unless DATABASE_URL is set).
  --live        afterwards keep the demo alive (vehicles driving, tasks
                changing, calls arriving and being scored) until Ctrl-C
  --help`;

/**
 * \`npm run seed\`: the demo organization, created through Switchboard's own
 * GraphQL API (all its rules, audits and outbox events) of a running server
 * or, when none answers, of the application started here.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      live: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // Checked before the rest of the configuration, which production validates strictly.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NODE_ENV === 'production') {
    console.error(
      'npm run seed refuses to run with NODE_ENV=production: the demo logins have a published password.',
    );
    return 2;
  }
  const env = environment();

  const baseUrl = (values.url ?? env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(
    /\/$/,
    '',
  );
  let client = new SeedClient(`${baseUrl}/graphql`);
  let app: NestExpressApplication | undefined;
  if (await client.reachable()) {
    console.log(`Seeding through the Switchboard at ${baseUrl}`);
  } else if (values.url) {
    console.error(`No Switchboard answers at ${baseUrl}`);
    return 1;
  } else {
    console.log(`No Switchboard at ${baseUrl}: starting the application here (with its worker)`);
    // Request logs would bury the seed's own lines; LOG_LEVEL still wins when set.
    // eslint-disable-next-line no-restricted-properties
    process.env.LOG_LEVEL ??= 'warn';
    app = await createApiApplication({ withWorker: true, logger: false });
    // In --live mode it serves the demo on the configured port, as npm start would.
    if (values.live) await app.listen(env.PORT, env.HOST);
    else await app.listen(0, '127.0.0.1');
    client = new SeedClient(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`);
  }

  const controller = new AbortController();
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping…');
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    console.log(`Demo organization "${DEMO_ORGANIZATION}":`);
    const outcome = await seedDemo(client, (line) => console.log(line));
    if (outcome.created.length === 0) {
      console.log('Already seeded: nothing changed.');
    } else {
      console.log(`Seeded: ${outcome.created.length} item(s) created.`);
    }
    console.log(`\nDemo logins (password for everyone: ${DEMO_PASSWORD}):`);
    for (const person of DEMO_PEOPLE) {
      console.log(
        `  ${person.role.padEnd(10)} ${person.email.padEnd(32)} ${person.name} (${person.timezone})`,
      );
    }
    if (values.live && !controller.signal.aborted) {
      console.log('\nLive: vehicles driving, tasks changing, a call every 30 s. Ctrl-C stops.');
      await runLive(outcome, controller.signal, (line) =>
        console.log(`${new Date().toISOString().slice(11, 19)} ${line}`),
      );
    }
    await outcome.owner.signOut();
    return 0;
  } finally {
    if (app) {
      await app.close();
      await EmbeddedPostgres.stopAll();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof Error && error.name === 'EnvironmentValidationError' ? error.message : error,
    );
    process.exit(1);
  },
);
