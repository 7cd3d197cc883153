import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getOperationAST, GraphQLSchema, Kind, parse, validate } from 'graphql';
import {
  ForeignIdsCase,
  freshOwnerToken,
  OperationCase,
  OPERATIONS,
  seedTenant,
  SelfCase,
  SNAPSHOTS,
  Tenant,
} from '../cross-tenant/operations';
import { gqlOk } from '../factories/identity.factory';
import { graphql } from '../utils/graphql-client';
import { startApi, TestApp } from '../utils/test-app';
import { connect, subscribe } from '../utils/ws-client';

/**
 * Tenant isolation over the whole schema (ARCHITECTURE.md convention 3): every
 * root field has an entry in test/cross-tenant/operations.ts, and every entry
 * is run with tenant B's credentials against tenant A's ids. Adding a domain
 * means adding seeds, snapshots and entries there, not code here.
 */

const ROOTS = ['Query', 'Mutation', 'Subscription'] as const;
type Root = (typeof ROOTS)[number];
const DENIED = ['NOT_FOUND', 'FORBIDDEN'];

interface Entry {
  title: string;
  root: Root;
  field: string;
  testCase: OperationCase;
}

const ENTRIES: Entry[] = ROOTS.flatMap((root) =>
  Object.entries(OPERATIONS[root]).flatMap(([field, cases]) =>
    cases.map((testCase) => ({
      root,
      field,
      testCase,
      title: `${root}.${field}${'label' in testCase && testCase.label ? ` (${testCase.label})` : ''}`,
    })),
  ),
);

const isPublicField = (root: Root, field: string) =>
  OPERATIONS[root][field].some((testCase) => testCase.kind === 'public');

type ProbeEntry = Entry & { testCase: SelfCase | ForeignIdsCase };
const PROBES = ENTRIES.filter((entry): entry is ProbeEntry => entry.testCase.kind !== 'public');
const CONTROLS = PROBES.filter(
  (entry): entry is Entry & { testCase: ForeignIdsCase } =>
    entry.testCase.kind === 'foreign-ids' &&
    entry.testCase.control !== false &&
    (entry.root !== 'Subscription' || entry.testCase.trigger !== undefined),
);
const ANONYMOUS = PROBES.filter((entry) => !isPublicField(entry.root, entry.field));

const variablesOf = (testCase: SelfCase | ForeignIdsCase, owner: Tenant, caller: Tenant) =>
  testCase.kind === 'self'
    ? (testCase.variables?.(caller) ?? {})
    : testCase.variables(owner, caller);

/** Every id, marker and secret of `owner` found in `text`, except those the caller itself sent. */
function leaks(text: string, owner: Tenant, sent: unknown): string[] {
  const sentText = JSON.stringify(sent ?? {});
  const values = [...Object.values(owner.ids), ...owner.markers, ...Object.values(owner.secrets)];
  return values.filter((value) => value && !sentText.includes(value) && text.includes(value));
}

async function snapshot(api: TestApp, tenant: Tenant): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const { name, query, as } of SNAPSHOTS) {
    try {
      result[name] = await gqlOk(api, query, undefined, as ? as(tenant) : tenant.owner.accessToken);
    } catch (error) {
      throw new Error(
        `snapshot "${name}" of tenant ${tenant.label} failed: ${(error as Error).message}`,
      );
    }
  }
  return result;
}

interface Outcome {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  /** Subscriptions only: nothing arrived, the subscription stayed open. */
  silent?: boolean;
  /** Everything received, for the leak check. */
  text: string;
}

/** Runs a query or mutation over HTTP, or a subscription over graphql-ws, with one credential. */
async function run(
  api: TestApp,
  entry: Entry,
  document: string,
  variables: Record<string, unknown>,
  token: string | undefined,
  trigger?: () => Promise<void>,
): Promise<Outcome> {
  if (entry.root !== 'Subscription') {
    const { body } = await graphql(api.graphqlUrl, document, variables, { token });
    return { data: body.data, errors: body.errors, text: JSON.stringify(body) };
  }
  const client = connect(api.wsUrl, token ? { authorization: `Bearer ${token}` } : {});
  try {
    const subscription = subscribe(client, document, variables);
    const first = await Promise.race([
      subscription.next(2_000).then(
        (result) => ({ result }),
        () => ({ result: undefined }),
      ),
      subscription.ended.then((ended) => ({ ended })),
    ]);
    if ('ended' in first) {
      const errors = Array.isArray(first.ended)
        ? first.ended
        : [
            {
              message: String((first.ended as any)?.code ?? first.ended),
              extensions: { code: (first.ended as any)?.code },
            },
          ];
      return { errors, text: JSON.stringify(errors) };
    }
    if (first.result) {
      return {
        data: first.result.data,
        errors: first.result.errors,
        text: JSON.stringify(first.result),
      };
    }
    if (trigger) await trigger();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    subscription.unsubscribe();
    return {
      silent: true,
      text: JSON.stringify(subscription.received),
      data: subscription.received[0]?.data,
    };
  } finally {
    await client.dispose();
  }
}

describe('cross-tenant isolation over the whole schema', () => {
  let api: TestApp;
  let schema: GraphQLSchema;
  let a: Tenant;
  let b: Tenant;
  let baseline: Record<string, unknown>;

  beforeAll(async () => {
    api = await startApi({
      env: {
        LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
        // Calendar: Google configured, its endpoints unreachable (nothing may reach the internet).
        GOOGLE_CLIENT_ID: 'cross-tenant-client',
        GOOGLE_CLIENT_SECRET: 'cross-tenant-secret',
        GOOGLE_API_BASE_URL: 'http://127.0.0.1:9',
        GOOGLE_OAUTH_BASE_URL: 'http://127.0.0.1:9',
      },
    });
    schema = api.app.get(GraphQLSchemaHost).schema;
    a = await seedTenant(api, 'A');
    b = await seedTenant(api, 'B');
    baseline = await snapshot(api, a);
  }, 120_000);
  afterAll(() => api?.close());

  it('has a registry entry for every query, mutation and subscription of the schema', () => {
    const missing: string[] = [];
    const stale: string[] = [];
    for (const root of ROOTS) {
      const type =
        root === 'Query'
          ? schema.getQueryType()
          : root === 'Mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      const fields = Object.keys(type?.getFields() ?? {});
      for (const field of fields) {
        if (!OPERATIONS[root][field]?.length) missing.push(`${root}.${field}`);
      }
      for (const field of Object.keys(OPERATIONS[root])) {
        if (!fields.includes(field)) stale.push(`${root}.${field}`);
      }
    }
    // Add the missing ones to test/cross-tenant/operations.ts (with seeds for their data).
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('registers valid documents, each calling the field it is registered under', () => {
    const problems: string[] = [];
    for (const entry of PROBES) {
      const document = parse(entry.testCase.document);
      const errors = validate(schema, document);
      if (errors.length)
        problems.push(`${entry.title}: ${errors.map((error) => error.message).join('; ')}`);
      const operation = getOperationAST(document);
      const fields = operation?.selectionSet.selections.flatMap((selection) =>
        selection.kind === Kind.FIELD ? [selection.name.value] : [],
      );
      if (
        (operation?.operation as string | undefined) !== entry.root.toLowerCase() ||
        !fields?.includes(entry.field)
      ) {
        problems.push(`${entry.title}: the document does not call ${entry.root}.${entry.field}`);
      }
    }
    for (const { name, query } of SNAPSHOTS) {
      const errors = validate(schema, parse(query));
      if (errors.length)
        problems.push(`snapshot ${name}: ${errors.map((error) => error.message).join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  describe("tenant B's credentials against tenant A", () => {
    it.each(PROBES.map((entry) => [entry.title, entry] as const))('%s', async (title, entry) => {
      const credentials = [
        { kind: 'session', token: await freshOwnerToken(api, b) },
        { kind: 'api key', token: b.secrets.apiKey },
      ];
      for (const credential of credentials) {
        const variables = variablesOf(entry.testCase, a, b);
        const trigger = entry.testCase.trigger && (() => entry.testCase.trigger!(api, a));
        const outcome = await run(
          api,
          entry,
          entry.testCase.document,
          variables,
          credential.token,
          trigger,
        );
        // A trigger is tenant A changing its own data: that is the new baseline.
        if (trigger) baseline = await snapshot(api, a);
        const where = `${title} with B's ${credential.kind}`;
        const code = outcome.errors?.[0]?.extensions?.code;

        expect({ where, leaked: leaks(outcome.text, a, variables) }).toEqual({ where, leaked: [] });

        const testCase = entry.testCase;
        const answer = outcome.data?.[entry.field];
        if (testCase.kind === 'self') {
          if (entry.root === 'Subscription') continue; // silence or B's own events: the leak check is the test
          if (credential.kind === 'session' || !outcome.errors) {
            expect({ where, errors: outcome.errors ?? [] }).toEqual({ where, errors: [] });
            testCase.check?.(outcome.data, b, a);
          } else {
            expect({ where, code }).toEqual({ where, code: 'FORBIDDEN' }); // person-only operations
          }
          continue;
        }

        const denial = testCase.denial ?? 'denied';
        if (entry.root === 'Subscription' && outcome.silent) {
          expect({ where, silentWithTrigger: Boolean(trigger) }).toEqual({
            where,
            silentWithTrigger: true,
          });
          continue;
        }
        if (outcome.errors?.length) {
          const accepted = [...DENIED, ...(testCase.acceptedCodes ?? [])];
          expect({ where, code, denied: accepted.includes(code as string) }).toEqual({
            where,
            code,
            denied: true,
          });
          expect({ where, answer: answer ?? null }).toEqual({ where, answer: null });
        } else if (denial === 'null') {
          expect({ where, answer }).toEqual({ where, answer: null });
        } else if (denial === 'filtered') {
          testCase.check?.(outcome.data, b, a);
        } else {
          throw new Error(
            `${where} answered ${JSON.stringify(outcome.data)} instead of NOT_FOUND or FORBIDDEN`,
          );
        }
      }
      if (entry.root === 'Mutation') {
        expect(await snapshot(api, a)).toEqual(baseline);
      }
    });

    it("leaves all of tenant A's data, sessions and keys as they were", async () => {
      expect(await snapshot(api, a)).toEqual(baseline);
    });
  });

  describe('controls: the same operations with the tenant’s own ids work', () => {
    it.each(CONTROLS.map((entry) => [entry.title, entry] as const))('%s', async (title, entry) => {
      const own = await seedTenant(api, 'C');
      const token = await freshOwnerToken(api, own);
      const variables = entry.testCase.variables(own, own);
      const trigger = entry.testCase.trigger && (() => entry.testCase.trigger!(api, own));
      const outcome = await run(api, entry, entry.testCase.document, variables, token, trigger);
      expect({ title, errors: outcome.errors ?? [] }).toEqual({ title, errors: [] });
      const answer = outcome.data?.[entry.field];
      expect({ title, answer: answer ?? null }).toEqual({ title, answer: expect.anything() });
      expect(answer).not.toBe(false);
    });
  });

  describe('anonymous callers', () => {
    it.each(ANONYMOUS.map((entry) => [entry.title, entry] as const))(
      '%s refuses anonymous callers (UNAUTHENTICATED; 4403 on a socket)',
      async (title, entry) => {
        const variables = variablesOf(entry.testCase, a, b);
        const outcome = await run(api, entry, entry.testCase.document, variables, undefined);
        const code = outcome.errors?.[0]?.extensions?.code;
        const expected = entry.root === 'Subscription' ? 4403 : 'UNAUTHENTICATED';
        expect({ title, code, leaked: leaks(outcome.text, a, variables) }).toEqual({
          title,
          code: expected,
          leaked: [],
        });
      },
    );
  });
});
