import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { authConfig } from '@/config/configuration';
import { Viewer } from '@/access/viewer';
import { AuthenticationService } from './authentication.service';
import { AccessClaims, accessTokenVerifyOptions, jwtKey } from './tokens.service';

/**
 * passport-jwt for HTTP requests: HS256 only, issuer and audience checked,
 * expiry enforced; then the session and membership must still be live.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    private readonly authentication: AuthenticationService,
  ) {
    const options = accessTokenVerifyOptions(config);
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtKey(config) as unknown as string,
      algorithms: options.algorithms,
      issuer: options.issuer as string,
      audience: options.audience as string,
      ignoreExpiration: false,
    });
  }

  /** Returning null makes passport fail the request as unauthenticated. */
  validate(claims: AccessClaims): Promise<Viewer | null> {
    return this.authentication.viewerFromClaims(claims);
  }
}
