/** Where Switchboard runs: VITE_SWITCHBOARD_URL, else the `npm start` default. */
export const SWITCHBOARD_URL = (
  (import.meta.env.VITE_SWITCHBOARD_URL as string | undefined) ?? 'http://localhost:3000'
).replace(/\/$/, '');

export const GRAPHQL_URL = `${SWITCHBOARD_URL}/graphql`;
export const GRAPHQL_WS_URL = GRAPHQL_URL.replace(/^http/, 'ws');
