import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Viewer } from '@/access/viewer';
import { SecretBox } from '@/common/crypto/secret-box';
import { BadUserInputError, ConflictError, ForbiddenError } from '@/common/errors/domain-errors';
import { appConfig, authConfig } from '@/config/configuration';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { AuditService } from '@/modules/audit/audit.service';
import { Role } from '@/access/role';
import { CalendarConnection } from '../calendar-connection.entity';
import { CalendarConnectionRepository } from '../calendar-connection.repository';
import { CalendarEventRepository } from '../calendar-event.repository';
import { CalendarMemberRepository } from '../calendar-member.repository';
import { RECONNECT_REQUIRED } from '../calendar.enums';
import { SyncStatus } from '@/common/enums/sync-status';
import { CalendarSyncScheduler } from '../calendar-sync.scheduler';
import { GoogleCalendarClient } from './google-calendar.client';
import { issueState, newNonce, stateCookie, verifyState } from './oauth-state';
import { OAuthStateRepository } from './oauth-state.repository';

/** The SecretBox context of a connection's refresh token: bound to its tenant and row. */
export const tokenContext = (connection: Pick<CalendarConnection, 'organizationId' | 'id'>) =>
  `${connection.organizationId}:calendar_connection:${connection.id}`;

export class OAuthCallbackError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Connecting, syncing on demand and disconnecting Google calendars. */
@Injectable()
export class GoogleConnectionsService {
  private readonly logger = new Logger(GoogleConnectionsService.name);
  private readonly stateKey: string;
  private readonly secureCookie: boolean;

  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly google: GoogleCalendarClient,
    private readonly secrets: SecretBox,
    private readonly scheduler: CalendarSyncScheduler,
    private readonly connectionRows: CalendarConnectionRepository,
    private readonly events: CalendarEventRepository,
    private readonly members: CalendarMemberRepository,
    private readonly oauthStates: OAuthStateRepository,
    @Inject(authConfig.KEY) auth: ConfigType<typeof authConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
  ) {
    this.stateKey = auth.jwtSecret;
    this.secureCookie = app.publicUrl.startsWith('https:');
  }

  /** The Set-Cookie header binding a state to the browser (null: clears it). */
  stateCookie(nonce: string | null): string {
    return stateCookie(nonce, this.secureCookie);
  }

  private requireEnabled(): void {
    if (!this.google.enabled) {
      throw new BadUserInputError('Google Calendar is not configured on this server');
    }
  }

  /**
   * The consent URL, and the nonce the caller's browser must hold (in the
   * `sb_google_oauth` cookie) when Google sends it back to the callback.
   */
  connectUrl(viewer: Viewer): { url: string; nonce: string } {
    this.requireEnabled();
    const nonce = newNonce();
    const state = issueState(
      this.stateKey,
      { userId: viewer.userId!, organizationId: viewer.organizationId },
      nonce,
    );
    return { url: this.google.consentUrl(state), nonce };
  }

  /**
   * The OAuth redirect: checks the state (signature, expiry, the browser's
   * nonce cookie) and uses it up, exchanges the code, stores the
   * refresh token sealed, and queues the first (full) sync in the same
   * transaction; the repeatable sync is scheduled once it has committed.
   */
  async completeAuthorization(
    code: string | undefined,
    state: string | undefined,
    nonce: string | undefined,
  ): Promise<CalendarConnection> {
    if (!this.google.enabled)
      throw new OAuthCallbackError(404, 'Google Calendar is not configured');
    const claims = state ? verifyState(this.stateKey, state, nonce) : null;
    if (!claims) {
      throw new OAuthCallbackError(
        400,
        'Invalid or expired state, or not the browser that started the connection',
      );
    }
    if (!code) throw new OAuthCallbackError(400, 'Missing authorization code');
    if (!(await this.oauthStates.consume(claims.stateId, claims.expiresAt))) {
      throw new OAuthCallbackError(400, 'This state was already used; start the connection again');
    }
    if (!(await this.members.isMember(claims.organizationId, claims.userId))) {
      throw new OAuthCallbackError(403, 'No longer a member');
    }
    let tokens;
    try {
      tokens = await this.google.exchange(code);
    } catch (error) {
      this.logger.warn(`Google code exchange failed: ${(error as Error).message}`);
      throw new OAuthCallbackError(400, 'Google refused the authorization code');
    }
    if (!tokens.refreshToken) {
      throw new OAuthCallbackError(400, 'Google returned no refresh token; try connecting again');
    }
    const refreshToken = tokens.refreshToken;
    const actor = { organizationId: claims.organizationId, userId: claims.userId, apiKeyId: null };
    const connection = await this.transactions.run(async (transaction) => {
      const connections = this.tenants
        .for(actor, transaction.manager)
        .repository(CalendarConnection);
      const existing = await connections.findOneBy({ userId: claims.userId, provider: 'google' });
      const row =
        existing ??
        connections.create({ id: randomUUID(), userId: claims.userId, provider: 'google' });
      row.accountEmail = tokens.accountEmail;
      row.status = SyncStatus.IDLE;
      row.lastError = null;
      row.syncToken = null; // possibly another account: start over with a full sync
      row.refreshTokenSealed = this.secrets.encrypt(refreshToken, tokenContext(row));
      const saved = await connections.save(row);
      await this.audit.record(transaction.manager, actor, {
        action: existing ? 'calendar_connection.reconnected' : 'calendar_connection.created',
        entityType: 'CalendarConnection',
        entityId: saved.id,
        after: { provider: saved.provider, accountEmail: saved.accountEmail },
      });
      await this.outbox.enqueueJob(transaction, saved.organizationId, {
        queue: 'calendar-sync',
        name: 'sync-connection',
        payload: { organizationId: saved.organizationId, connectionId: saved.id },
      });
      return saved;
    });
    await this.scheduler.schedule(connection.organizationId, connection.id);
    return connection;
  }

  async requestSync(viewer: Viewer, connectionId: string): Promise<CalendarConnection> {
    return this.transactions.run(async (transaction) => {
      const connection = await this.tenants
        .for(viewer, transaction.manager)
        .repository(CalendarConnection)
        .get(connectionId, 'CalendarConnection');
      if (connection.status === SyncStatus.ERROR) {
        throw new ConflictError(`Cannot sync: ${connection.lastError ?? RECONNECT_REQUIRED}`, {
          connectionId,
        });
      }
      await this.outbox.enqueueJob(transaction, connection.organizationId, {
        queue: 'calendar-sync',
        name: 'sync-connection',
        payload: { organizationId: connection.organizationId, connectionId: connection.id },
      });
      return connection;
    });
  }

  /**
   * Revokes the refresh token at Google (best effort: a token Google already
   * dropped must not keep the connection alive), deletes the connection and
   * its Google-sourced events, and detaches local events from it.
   */
  async disconnect(viewer: Viewer, connectionId: string): Promise<boolean> {
    const connections = this.tenants.for(viewer).repository(CalendarConnection);
    const found = await connections.get(connectionId, 'CalendarConnection');
    if (
      found.userId !== viewer.userId &&
      viewer.role !== Role.OWNER &&
      viewer.role !== Role.ADMIN
    ) {
      throw new ForbiddenError('Only its owner or an admin can disconnect a calendar');
    }
    const sealed = await this.connectionRows.findWithTokenIn(viewer.organizationId, found.id);
    if (sealed?.refreshTokenSealed && this.google.enabled) {
      try {
        await this.google.revoke(
          this.secrets.decrypt(sealed.refreshTokenSealed, tokenContext(found)),
        );
      } catch (error) {
        this.logger.warn(
          `revoking the Google token of ${found.id} failed: ${(error as Error).message}`,
        );
      }
    }
    await this.transactions.run(async (transaction) => {
      const { manager } = transaction;
      const scope = this.tenants.for(viewer, manager);
      const connection = await scope
        .repository(CalendarConnection)
        .get(connectionId, 'CalendarConnection', 'pessimistic_write');
      await this.events.detachFromConnection(manager, viewer.organizationId, connection.id);
      await scope.repository(CalendarConnection).remove(connection);
      await this.audit.record(manager, viewer, {
        action: 'calendar_connection.deleted',
        entityType: 'CalendarConnection',
        entityId: connectionId,
        before: { provider: connection.provider, accountEmail: connection.accountEmail },
      });
    });
    await this.scheduler.unschedule(connectionId);
    return true;
  }
}
