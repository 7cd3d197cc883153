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

  /** Throws on a bad signature, algorithm, issuer, audience or expiry. */
  verifyAccessToken(token: string): Promise<AccessClaims> {
    return this.jwt.verifyAsync<AccessClaims>(token, accessTokenVerifyOptions(this.config));
  }
}
