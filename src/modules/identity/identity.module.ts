import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { authConfig } from '@/config/configuration';
import { CONNECTION_AUTHENTICATOR } from '@/graphql/connection-authenticator';
import { OrganizationsModule } from '@/modules/organizations/organizations.module';
import { AuditModule } from '@/modules/audit/audit.module';
import { AccessGuard, REQUEST_AUTHENTICATOR } from '@/access/access.guard';
import { BearerAuthenticator } from './auth/bearer-authenticator.service';
import { ApiKeysResolver } from './auth/api-keys.resolver';
import { ApiKeysService } from './auth/api-keys.service';
import { AuthResolver } from './auth/auth.resolver';
import { AuthService } from './auth/auth.service';
import { AuthenticationService } from './auth/authentication.service';
import { SessionRepository } from './auth/session.repository';
import { JwtStrategy } from './auth/jwt.strategy';
import { LoginThrottle } from './auth/login-throttle.service';
import { jwtKey, TokensService } from './auth/tokens.service';
import { WsAuthenticator } from './auth/ws-authenticator';
import { UsersModule } from '@/modules/users/users.module';

/**
 * Who is calling: sign-up and sign-in, sessions and refresh tokens, API keys,
 * and the global access guard every resolver and controller passes through.
 */
@Global()
@Module({
  imports: [
    UsersModule,
    AuditModule,
    OrganizationsModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: ConfigType<typeof authConfig>) => ({
        // A KeyObject made once: given a string, jsonwebtoken tries (and
        // fails) to parse it as a public key on every sign and verify.
        secretOrKeyProvider: () => jwtKey(config),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [
    TokensService,
    LoginThrottle,
    ApiKeysService,
    SessionRepository,
    AuthenticationService,
    AuthService,
    JwtStrategy,
    WsAuthenticator,
    AuthResolver,
    ApiKeysResolver,
    { provide: REQUEST_AUTHENTICATOR, useClass: BearerAuthenticator },
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: CONNECTION_AUTHENTICATOR, useExisting: WsAuthenticator },
  ],
  exports: [AuthenticationService, CONNECTION_AUTHENTICATOR],
})
export class IdentityModule {}
