import { Injectable } from '@nestjs/common';
import { ConnectionAuthenticator } from '@/graphql/connection-authenticator';
import { Viewer } from '@/access/viewer';
import { AuthenticationService } from './authentication.service';

/**
 * graphql-ws `onConnect`: the access token or API key from
 * `connectionParams.authorization` (`Bearer …`). No or bad credentials: the
 * socket is closed with 4403; an access token's socket closes when it expires.
 */
@Injectable()
export class WsAuthenticator implements ConnectionAuthenticator {
  constructor(private readonly authentication: AuthenticationService) {}

  async authenticate(
    connectionParams: Record<string, unknown>,
  ): Promise<{ viewer: Viewer; expiresAt?: Date } | null> {
    const viewer = await this.authentication.authenticate(
      connectionParams.authorization ?? connectionParams.Authorization,
    );
    if (!viewer) return null;
    return { viewer, expiresAt: viewer.expiresAt ?? undefined };
  }
}
