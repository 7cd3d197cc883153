import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Who may open the operators' pages: a Basic login, a bearer token, or both (see appConfig.operators). */
export interface OperatorCredentials {
  login: { username: string; password: string } | null;
  token: string | null;
}

/** Equal strings, compared in time that depends on neither (both are hashed to 32 bytes first). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Whether `authorization` (the header) carries the operators' login or token. */
export function isOperator(
  authorization: string | undefined,
  credentials: OperatorCredentials,
): boolean {
  if (!authorization) return false;
  const [scheme, value = ''] = authorization.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer' && credentials.token) {
    return sameSecret(value, credentials.token);
  }
  if (scheme?.toLowerCase() === 'basic' && credentials.login) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    // Both halves are always compared, so a wrong name costs what a wrong password does.
    const user = sameSecret(decoded.slice(0, colon), credentials.login.username);
    const password = sameSecret(decoded.slice(colon + 1), credentials.login.password);
    return user && password;
  }
  return false;
}

/**
 * Express middleware in front of the operators' pages: 404 when no
 * operator credentials are configured (the pages do not exist), 401 with a
 * Basic challenge without them. Tenant users' tokens are never accepted —
 * the pages show every organization's jobs.
 */
export function operatorAuth(credentials: OperatorCredentials) {
  const configured = credentials.login !== null || credentials.token !== null;
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!configured) {
      response.status(404).type('text/plain').send('Not found');
      return;
    }
    if (!isOperator(request.headers.authorization, credentials)) {
      if (credentials.login) {
        response.setHeader(
          'WWW-Authenticate',
          'Basic realm="Switchboard operators", charset="UTF-8"',
        );
      }
      response.status(401).type('text/plain').send('Operator credentials required');
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    next();
  };
}
