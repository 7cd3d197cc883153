/** One GraphQL error as the server answers it. */
export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

/** A GraphQL operation the server refused; `code` is its extensions.code. */
export class SeedRequestError extends Error {
  constructor(
    readonly errors: GraphQLErrorBody[],
    readonly operation: string,
  ) {
    super(
      `${errors.map((error) => `${error.extensions?.code ?? 'ERROR'}: ${error.message}`).join('; ')}\n  in ${operation.replace(/\s+/g, ' ').slice(0, 160)}`,
    );
    this.name = 'SeedRequestError';
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/**
 * The seed speaks to Switchboard over its public GraphQL API, as any client
 * does: every rule, audit entry and outbox event of the real mutations holds,
 * and live changes reach subscribers of the server that serves them.
 */
export class SeedClient {
  constructor(readonly graphqlUrl: string) {}

  async request<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
    const response = await fetch(this.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: { data?: T | null; errors?: GraphQLErrorBody[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`not a GraphQL answer (HTTP ${response.status}): ${text.slice(0, 300)}`);
    }
    if (body.errors?.length || !body.data) throw new SeedRequestError(body.errors ?? [], query);
    return body.data;
  }

  /** True when a Switchboard answers at this URL. */
  async reachable(): Promise<boolean> {
    try {
      await this.request<{ serverTime: string }>('{ serverTime }');
      return true;
    } catch {
      return false;
    }
  }
}

interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  user: { id: string };
  organization: { id: string; name: string };
}

export const AUTH_FIELDS =
  'accessToken refreshToken accessTokenExpiresAt user { id } organization { id name }';

/**
 * One demo person signed in: `run` sends operations as them, refreshing the
 * access token shortly before it expires (and signing in again if the
 * session was revoked), so `--live` can run for hours.
 */
export class SeedSession {
  private payload: AuthPayload;

  constructor(
    private readonly client: SeedClient,
    private readonly credentials: { email: string; password: string },
    payload: AuthPayload,
  ) {
    this.payload = payload;
  }

  static async signIn(
    client: SeedClient,
    credentials: { email: string; password: string },
  ): Promise<SeedSession> {
    const data = await client.request<{ login: AuthPayload }>(
      `mutation SeedLogin($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`,
      { input: credentials },
    );
    return new SeedSession(client, credentials, data.login);
  }

  get userId(): string {
    return this.payload.user.id;
  }

  get organization(): { id: string; name: string } {
    return this.payload.organization;
  }

  async run<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    if (Date.parse(this.payload.accessTokenExpiresAt) - Date.now() < 60_000) await this.refresh();
    try {
      return await this.client.request<T>(query, variables, this.payload.accessToken);
    } catch (error) {
      if (!(error instanceof SeedRequestError) || error.code !== 'UNAUTHENTICATED') throw error;
      this.payload = (await SeedSession.signIn(this.client, this.credentials)).payload;
      return this.client.request<T>(query, variables, this.payload.accessToken);
    }
  }

  /** Ends the session (its refresh token stops working). */
  async signOut(): Promise<void> {
    await this.client
      .request('mutation { logout }', undefined, this.payload.accessToken)
      .catch(() => undefined);
  }

  private async refresh(): Promise<void> {
    try {
      const data = await this.client.request<{ refreshSession: AuthPayload }>(
        `mutation SeedRefresh($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${AUTH_FIELDS} } }`,
        { refreshToken: this.payload.refreshToken },
      );
      this.payload = data.refreshSession;
    } catch {
      this.payload = (await SeedSession.signIn(this.client, this.credentials)).payload;
    }
  }
}
