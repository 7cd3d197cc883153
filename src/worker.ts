// First: the tracing SDK must start before the modules it instruments are loaded.
import './observability/tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeGracefullyOnSignals, createWorkerContext } from './bootstrap';

/** The worker process: queue processors and repeatable schedules, no HTTP. */
async function main(): Promise<void> {
  const context = await createWorkerContext();
  closeGracefullyOnSignals(context);
  new Logger('Switchboard').log('worker running');
}

main().catch((error: unknown) => {
  console.error(
    error instanceof Error && error.name === 'EnvironmentValidationError' ? error.message : error,
  );
  process.exit(1);
});
