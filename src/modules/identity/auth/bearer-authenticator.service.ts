import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { RequestAuthenticator } from '@/access/access.guard';
import { Viewer } from '@/access/viewer';
import { UnauthenticatedError } from '@/common/errors/domain-errors';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys.service';
import { bearerToken } from './authentication.service';
import { JwtStrategy } from './jwt.strategy';

/**
 * The access guard's authenticator: `Authorization: Bearer …` is an API key
 * (`sbk_…`, ApiKeysService) or an access token (this application's
 * passport-jwt strategy). Anything else is UNAUTHENTICATED.
 */
@Injectable()
export class BearerAuthenticator implements RequestAuthenticator {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly jwtStrategy: JwtStrategy,
  ) {}

  async authenticate(request: Pick<Request, 'headers'>): Promise<Viewer> {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthenticatedError();
    const viewer = token.startsWith(API_KEY_PREFIX)
      ? await this.apiKeys.authenticate(token)
      : await this.verifyAccessToken(request);
    if (!viewer) throw new UnauthenticatedError();
    return viewer;
  }

  /**
   * Runs this application's passport-jwt strategy on the request, as
   * passport's middleware would, but without passport's process-wide strategy
   * registry (which would let one application use another's strategy). Any
   * failure — signature, algorithm, issuer, audience, expiry, dead session — is
   * UNAUTHENTICATED.
   */
  private verifyAccessToken(request: Pick<Request, 'headers'>): Promise<Viewer> {
    return new Promise((resolve, reject) => {
      const unauthenticated = () =>
        reject(new UnauthenticatedError('Invalid or expired access token'));
      const attempt = Object.assign(Object.create(this.jwtStrategy) as JwtStrategy, {
        success: (user: Viewer) => resolve(user),
        fail: unauthenticated,
        pass: unauthenticated,
        redirect: unauthenticated,
        error: (error: unknown) =>
          reject(error instanceof Error ? error : new Error(String(error))),
      });
      attempt.authenticate(request as never, {});
    });
  }
}
