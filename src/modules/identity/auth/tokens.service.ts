import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService, JwtVerifyOptions } from '@nestjs/jwt';
import { createHash, createSecretKey, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { authConfig } from '@/config/configuration';

/** What an access token says: who, in which organization, in which session. */
export interface AccessClaims {
  sub: string;
  org: string;
  sid: string;
  exp: number;
}

/**
 * Verification pinned to HS256 with issuer and audience: tokens signed with
 * `none` or another algorithm (RS/HS confusion) are refused before their
 * claims are read. Shared by HTTP (passport-jwt) and WebSocket checks.
 */
export function accessTokenVerifyOptions(config: ConfigType<typeof authConfig>): JwtVerifyOptions {
  return { algorithms: ['HS256'], issuer: config.jwtIssuer, audience: config.jwtAudience };
}

const keys = new WeakMap<object, KeyObject>();

/** Verified access tokens remembered at most; past it the oldest are dropped. */
const MAX_VERIFIED_TOKENS = 10_000;

/** The HS256 key as a KeyObject, made once per configuration. */
export function jwtKey(config: ConfigType<typeof authConfig>): KeyObject {
  let key = keys.get(config);
  if (!key) {
    key = createSecretKey(Buffer.from(config.jwtSecret));
    keys.set(config, key);
  }
  return key;
}

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** 256 random bits, URL-safe. */
export const opaqueToken = (): string => randomBytes(32).toString('base64url');

@Injectable()
export class TokensService {
  /** Access tokens that verified, by token, until they expire (see verifyAccessToken). */
  private readonly verified = new Map<string, Readonly<AccessClaims>>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async signAccessToken(claims: {
    userId: string;
    organizationId: string;
    sessionId: string;
  }): Promise<{ token: string; expiresAt: Date }> {
    const token = await this.jwt.signAsync(
      { org: claims.organizationId, sid: claims.sessionId },
      {
        subject: claims.userId,
        // Unique per token, so two tokens issued in the same second never coincide.
        jwtid: randomUUID(),
        algorithm: 'HS256',
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
        expiresIn: this.config.accessTokenTtlSeconds,
      },
    );
    const { exp } = this.jwt.decode<{ exp: number }>(token);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /**
   * Throws on a bad signature, algorithm, issuer, audience or expiry. A
   * token that passed is remembered until it expires (the same string
   * verifies the same way until then: the key, algorithm, issuer and
   * audience are fixed for the process), so a client's next requests skip
   * the HMAC and the claim checks; whether its session is still live is
   * checked on every request all the same (AuthenticationService).
   */
  async verifyAccessToken(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      // jsonwebtoken's rule: expired once the clock reaches `exp`.
      if (Math.floor(Date.now() / 1000) < known.exp) return known;
      this.verified.delete(token);
    }
    const claims = await this.jwt.verifyAsync<AccessClaims>(
      token,
      accessTokenVerifyOptions(this.config),
    );
    if (typeof claims.exp === 'number') {
      if (this.verified.size >= MAX_VERIFIED_TOKENS) {
        this.verified.delete(this.verified.keys().next().value as string);
      }
      this.verified.set(token, Object.freeze(claims));
    }
    return claims;
  }
}
