import { Client, fetchExchange } from '@urql/core';
import { GRAPHQL_URL } from './config';
import { graphql } from './gql';
import type { SignInMutation } from './gql/graphql';

export type Session = SignInMutation['login'];

const STORAGE_KEY = 'switchboard.session';
/** Refresh this long before the access token (15 minutes at most) expires. */
const REFRESH_MARGIN_MS = 60_000;

const SignIn = graphql(`
  mutation SignIn($input: LoginInput!) {
    login(input: $input) {
      ...SessionFields
    }
  }
`);

const Refresh = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      ...SessionFields
    }
  }
`);

graphql(`
  fragment SessionFields on AuthPayload {
    accessToken
    refreshToken
    accessTokenExpiresAt
    role
    user {
      id
      name
      email
    }
    organization {
      id
      name
    }
  }
`);

/** Sign-in and refresh go out without a token, through a client of their own. */
const anonymous = new Client({ url: GRAPHQL_URL, exchanges: [fetchExchange] });

let session: Session | null = load();
let refreshing: Promise<Session | null> | null = null;
const listeners = new Set<(session: Session | null) => void>();

function load(): Session | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as Session) : null;
  } catch {
    return null;
  }
}

function store(next: Session | null): void {
  session = next;
  if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else localStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(next);
}

export function currentSession(): Session | null {
  return session;
}

export function onSessionChange(listener: (session: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function signIn(email: string, password: string): Promise<void> {
  const result = await anonymous.mutation(SignIn, { input: { email, password } }).toPromise();
  if (!result.data) throw new Error(result.error?.graphQLErrors[0]?.message ?? 'Sign-in failed');
  store(result.data.login);
}

export function signOut(): void {
  const token = session?.accessToken;
  store(null);
  if (token) {
    void fetch(GRAPHQL_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    }).catch(() => undefined);
  }
}

/**
 * A valid access token: the stored one, or a fresh one when it expires within
 * a minute (refresh tokens are single use, so one refresh runs at a time).
 * Null, and signed out, when the session cannot be refreshed.
 */
export async function accessToken(): Promise<string | null> {
  if (!session) return null;
  if (Date.parse(session.accessTokenExpiresAt) - Date.now() > REFRESH_MARGIN_MS) {
    return session.accessToken;
  }
  refreshing ??= (async () => {
    const result = await anonymous
      .mutation(Refresh, { refreshToken: session!.refreshToken })
      .toPromise();
    if (result.data) store(result.data.refreshSession);
    else if (result.error?.graphQLErrors.length) store(null); // refused: sign in again
    return session;
  })().finally(() => (refreshing = null));
  return (await refreshing)?.accessToken ?? null;
}
