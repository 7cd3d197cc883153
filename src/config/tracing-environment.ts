import { readFileSync } from 'node:fs';
import * as util from 'node:util';

/** What the tracing start-up needs to know, before the application (and its validation) starts. */
export interface TracingEnvironment {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: traces are exported only when it is set. */
  endpoint: string | undefined;
  /** OTEL_SERVICE_NAME, when the operator set one. */
  serviceName: string | undefined;
}

/**
 * The OTEL_* variables, read when src/observability/tracing.ts starts the
 * OpenTelemetry SDK: first thing in the process, before the modules it
 * instruments are loaded, so before the configuration module (which reads
 * `.env` and validates everything, TracingVariables included). So that a
 * `.env` works for these as for every other variable, its OTEL_* entries are
 * copied to the environment first, never over a variable already set (as
 * the configuration module does later, and outside tests only). The SDK then
 * reads the OTEL_* variables itself.
 */
export function tracingEnvironment(): TracingEnvironment {
  if (process.env.NODE_ENV !== 'test') copyOtelVariablesFromDotEnv('.env');
  return {
    endpoint: nonEmpty(process.env.OTEL_EXPORTER_OTLP_ENDPOINT),
    serviceName: nonEmpty(process.env.OTEL_SERVICE_NAME),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

function copyOtelVariablesFromDotEnv(path: string): void {
  // util.parseEnv: Node 20.12 and later.
  if (typeof util.parseEnv !== 'function') return;
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  for (const [name, value] of Object.entries(util.parseEnv(content))) {
    if (name.startsWith('OTEL_') && value && process.env[name] === undefined) {
      process.env[name] = value;
    }
  }
}
