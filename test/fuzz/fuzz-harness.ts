import fc from 'fast-check';
import { buildClientSchema, GraphQLSchema, introspectionFromSchema } from 'graphql';
import {
  ArbitraryOptions,
  FuzzOperation,
  malformedDocumentArbitrary,
  operationArbitrary,
  RootField,
} from './schema-arbitraries';

/** Codes an unexpected (unhandled) error leaves with: the formatter's INTERNAL, Apollo's default. */
export const UNEXPECTED_CODES = new Set(['INTERNAL', 'INTERNAL_SERVER_ERROR']);

/** The message the error formatter gives a value PostgreSQL refused (22xxx, 54000). */
export const POSTGRES_REFUSAL = 'Invalid input: a value is malformed, out of range or too long';

export interface FuzzSettings {
  /** Runs per root field and caller (FUZZ_RUNS). */
  runs: number;
  /** fast-check seed (FUZZ_SEED); each field's own seed is derived from it. */
  seed: number;
}

export function fuzzSettings(defaultRuns: number): FuzzSettings {
  const runs = Number(process.env.FUZZ_RUNS ?? defaultRuns);
  const seed = Number(process.env.FUZZ_SEED ?? 20261207);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer`);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer`);
  return { runs, seed };
}

/** A stable per-field seed, so one field's failure is replayed alone with the same FUZZ_SEED. */
export function seedFor(base: number, name: string): number {
  let hash = base | 0;
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) | 0;
  return hash;
}

export interface RawResponse {
  status: number;
  text: string;
}

/** The server's default HTTP_BODY_LIMIT (512kb): larger bodies are refused before GraphQL. */
export const BODY_LIMIT_BYTES = 512 * 1024;

/**
 * POSTs a raw body (a JSON-encoded GraphQL request, or anything else) to the
 * endpoint. A body over the limit may see its connection closed while it is
 * still being sent, after the server's 413: that counts as the 413.
 */
export async function post(
  url: string,
  body: string,
  token?: string,
  contentType = 'application/json',
): Promise<RawResponse> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        // Apollo's CSRF prevention: a JSON request is not "simple", others need this.
        'apollo-require-preflight': 'true',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    if (Buffer.byteLength(body) > BODY_LIMIT_BYTES) {
      return { status: 413, text: '(connection closed while an oversized body was sent)' };
    }
    return { status: 0, text: `(no response: ${String((error as Error).cause ?? error)})` };
  }
}

/**
 * What is wrong with a response, if anything: a 5xx, a body that is not a
 * GraphQL response, or an error that is unexpected (INTERNAL) or carries no
 * code at all. Refusals (4xx, BAD_USER_INPUT, NOT_FOUND, …) are fine.
 */
export function problemsOf(response: RawResponse): string[] {
  const problems: string[] = [];
  if (response.status === 0) problems.push(response.text);
  if (response.status >= 500) problems.push(`HTTP ${response.status}`);
  let body: { errors?: Array<{ message?: string; extensions?: { code?: unknown } }> };
  try {
    body = JSON.parse(response.text) as typeof body;
  } catch {
    // Express answers a malformed JSON body itself with a 4xx HTML page: fine unless 5xx.
    if (response.status < 400) problems.push(`not JSON (HTTP ${response.status})`);
    return problems;
  }
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string') problems.push(`error without a code: ${error.message}`);
    else if (UNEXPECTED_CODES.has(code)) problems.push(`${code}: ${error.message}`);
    // FUZZ_STRICT=1: a value PostgreSQL refused (the formatter's BAD_USER_INPUT net) counts
    // too, since it means an input check is missing where the value comes in.
    else if (process.env.FUZZ_STRICT && error.message === POSTGRES_REFUSAL) {
      problems.push(`reached PostgreSQL unchecked: ${error.message}`);
    }
  }
  return problems;
}

/**
 * The schema as a client's introspection sees it, from the running server's
 * own schema (over HTTP the standard introspection query exceeds the
 * server's depth limit, which applies to introspection too).
 */
export function clientSchema(serverSchema: GraphQLSchema): GraphQLSchema {
  return buildClientSchema(introspectionFromSchema(serverSchema));
}

/** A short, readable form of a variable value (huge strings, lists and nesting abbreviated). */
export function abbreviate(value: unknown): string {
  const shorten = (inner: unknown, depth: number): unknown => {
    if (typeof inner === 'string' && inner.length > 80) {
      return `${inner.slice(0, 20)}…(${inner.length} chars)`;
    }
    if (inner === null || typeof inner !== 'object') return inner;
    if (depth >= 6) return `…(nested ${nesting(inner)} more levels)`;
    if (Array.isArray(inner)) {
      const items = inner.slice(0, 2).map((item) => shorten(item, depth + 1));
      return inner.length > 5
        ? [...items, `…(${inner.length} items)`]
        : inner.map((item) => shorten(item, depth + 1));
    }
    return Object.fromEntries(
      Object.entries(inner).map(([key, item]) => [key, shorten(item, depth + 1)]),
    );
  };
  return JSON.stringify(shorten(value, 0)) ?? 'undefined';
}

/** How deep a value nests, counted without recursion. */
function nesting(value: unknown): number {
  let depth = 0;
  let level: unknown[] = [value];
  while (level.length) {
    depth++;
    level = level
      .flatMap((item) => (item !== null && typeof item === 'object' ? Object.values(item) : []))
      .slice(0, 1000);
  }
  return depth - 1;
}

function describeThrown(thrown: unknown): string {
  return thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : JSON.stringify(thrown);
}

export interface FieldFailure {
  field: string;
  caller: string;
  seed: number;
  /** The shrunk operation and what went wrong with it. */
  report: string;
}

/**
 * Runs `runs` generated operations on one root field as one caller; on a
 * failure fast-check shrinks the variables and the shrunk operation is
 * reported with its problems.
 */
export async function fuzzField(
  url: string,
  root: RootField,
  options: ArbitraryOptions,
  caller: { name: string; token: () => string | undefined },
  settings: FuzzSettings,
): Promise<FieldFailure | undefined> {
  const seed = seedFor(settings.seed, `${caller.name}:${root.name}`);
  let last: { operation: FuzzOperation; problems: string[]; text: string } | undefined;
  const result = await fc.check(
    fc.asyncProperty(operationArbitrary(root, options), async (operation) => {
      const response = await post(
        url,
        JSON.stringify({ query: operation.query, variables: operation.variables }),
        caller.token(),
      );
      const problems = problemsOf(response);
      if (problems.length) last = { operation, problems, text: response.text };
      return problems.length === 0;
    }),
    { numRuns: settings.runs, seed, endOnFailure: false, maxSkipsPerRun: 0 },
  );
  if (!result.failed) return undefined;
  const operation = result.counterexample?.[0] ?? last?.operation;
  // Run the shrunk operation once more to report its own problems.
  let problems = last?.problems ?? [];
  if (operation) {
    const again = await post(
      url,
      JSON.stringify({ query: operation.query, variables: operation.variables }),
      caller.token(),
    );
    problems = problemsOf(again).length ? problemsOf(again) : problems;
  }
  return {
    field: root.name,
    caller: caller.name,
    seed,
    report: [
      `${root.name} as ${caller.name} (seed ${seed}, shrunk ${result.numShrinks} times):`,
      `  query:     ${operation?.query}`,
      `  variables: ${abbreviate(operation?.variables)}`,
      `  problems:  ${problems.join(' | ')}`,
      ...(result.errorInstance ? [`  thrown:    ${describeThrown(result.errorInstance)}`] : []),
    ].join('\n'),
  };
}

/** Malformed and hostile documents, and bodies that are not GraphQL requests at all. */
export async function fuzzMalformed(
  url: string,
  validDocuments: readonly string[],
  token: string | undefined,
  settings: FuzzSettings,
): Promise<FieldFailure | undefined> {
  const seed = seedFor(settings.seed, 'malformed');
  const body = fc.oneof(
    malformedDocumentArbitrary(validDocuments).map((query) => JSON.stringify({ query })),
    fc.constantFrom(
      '',
      '{',
      'null',
      '[]',
      '[{"query":"{ __typename }"},{"query":"{ __typename }"}]',
      '{"query":1}',
      '{"query":null}',
      '{"query":{"kind":"Document"}}',
      '{"query":"{ __typename }","variables":"x"}',
      '{"query":"{ __typename }","variables":[]}',
      '{"query":"{ __typename }","operationName":"Nope"}',
      '{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}',
      '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}',
      '{"__proto__":{"query":"{ __typename }"}}',
      '{"query":"\\u0000"}',
      `{"query":"{ __typename }","variables":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
      `${'['.repeat(100_000)}`,
    ),
  );
  let last: string[] = [];
  const result = await fc.check(
    fc.asyncProperty(body, async (text) => {
      const response = await post(url, text, token);
      last = problemsOf(response);
      return last.length === 0;
    }),
    { numRuns: settings.runs * 4, seed, endOnFailure: false },
  );
  if (!result.failed) return undefined;
  if (result.counterexample) last = problemsOf(await post(url, result.counterexample[0], token));
  return {
    field: '(malformed)',
    caller: token ? 'OWNER' : 'anonymous',
    seed,
    report: [
      `malformed body (seed ${seed}, shrunk ${result.numShrinks} times):`,
      `  body:      ${JSON.stringify(String(result.counterexample?.[0]).slice(0, 300))}`,
      `  problems:  ${last.join(' | ')}`,
      ...(result.errorInstance ? [`  thrown:    ${describeThrown(result.errorInstance)}`] : []),
    ].join('\n'),
  };
}
