import { Global, Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { PubSubEngine } from 'graphql-subscriptions';
import { authConfig } from '@/config/configuration';
import type { Transaction } from '@/database/transaction.service';
import { PUB_SUB } from '@/messaging/pubsub/pubsub.constants';
import type { OutboxMessage } from '@/messaging/outbox/outbox-message';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import type { Role } from './role';
import {
  ACCESS_CHANGED_TOPIC,
  ACCESS_REVOKED_TOPIC,
  AccessRevocation,
  revokes,
} from './access-revocation';

interface CheckedSession {
  userId: string;
  organizationId: string;
  role: Role;
  /** Epoch ms after which the database is asked again. */
  until: number;
}

/** Sessions remembered at most: past it the oldest are dropped (a bound, not an expected size). */
const MAX_SESSIONS = 10_000;

/**
 * The answers of the per-request live-session check (session not revoked
 * nor expired, user still a member, and with which role), remembered for
 * `SESSION_CHECK_CACHE_MS` so a burst of requests of one session costs one
 * query instead of one each.
 *
 * Access changes, announced through `announceRevocation` and
 * `announceRoleChange`, drop what they touch: on this instance right after
 * their commit (before the mutation answers), and on every
 * other instance when the committed revocation or role change arrives over
 * pub/sub. The time limit only bounds a lost message. A check that was
 * already running when a change was forgotten is not remembered (it may
 * have read the database before the change committed).
 */
@Injectable()
export class LiveSessions implements OnModuleDestroy {
  private readonly sessions = new Map<string, CheckedSession>();
  private readonly ttlMs: number;
  /** Bumped by every forget: a check started under an older generation is not remembered. */
  private generation = 0;
  private subscriptions?: Promise<number[]>;

  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly outbox: OutboxService,
  ) {
    this.ttlMs = config.sessionCheckCacheMs;
  }

  /** The role a live check gave for this session, while it holds. */
  role(sessionId: string, userId: string, organizationId: string): Role | undefined {
    const checked = this.sessions.get(sessionId);
    if (!checked) return undefined;
    if (
      checked.until <= Date.now() ||
      checked.userId !== userId ||
      checked.organizationId !== organizationId
    ) {
      this.sessions.delete(sessionId);
      return undefined;
    }
    return checked.role;
  }

  /** Call before the database check; hand the result to `remember`. */
  startCheck(): number {
    return this.generation;
  }

  /** Remembers a check's answer, unless an access change came in while it ran. */
  remember(
    started: number,
    sessionId: string,
    check: { userId: string; organizationId: string; role: Role; expiresAt: Date },
  ): void {
    if (this.ttlMs === 0 || started !== this.generation) return;
    this.listen();
    if (this.sessions.size >= MAX_SESSIONS) {
      this.sessions.delete(this.sessions.keys().next().value as string);
    }
    this.sessions.set(sessionId, {
      userId: check.userId,
      organizationId: check.organizationId,
      role: check.role,
      until: Math.min(Date.now() + this.ttlMs, check.expiresAt.getTime()),
    });
  }

  /** Drops every remembered session the change names (see `revokes`). */
  forget(change: AccessRevocation): void {
    this.generation += 1;
    for (const [sessionId, checked] of this.sessions) {
      if (revokes(change, { sessionId, apiKeyId: null, ...checked })) {
        this.sessions.delete(sessionId);
      }
    }
  }

  /**
   * Announces, in `transaction`, that credentials stopped working (logout,
   * revocation, member removal, key revocation): once it commits, this
   * instance forgets the sessions it names at once, and the outbox tells
   * every instance (closing sockets, forgetting sessions) over pub/sub.
   */
  announceRevocation(
    transaction: Transaction,
    organizationId: string | null,
    revocation: AccessRevocation,
  ): Promise<string> {
    return this.announce(transaction, organizationId, ACCESS_REVOKED_TOPIC, revocation);
  }

  /** As `announceRevocation`, for a member's new role: sessions are checked again, sockets stay. */
  announceRoleChange(
    transaction: Transaction,
    organizationId: string,
    change: Required<Pick<AccessRevocation, 'userId' | 'organizationId'>>,
  ): Promise<string> {
    return this.announce(transaction, organizationId, ACCESS_CHANGED_TOPIC, change);
  }

  private announce(
    transaction: Transaction,
    organizationId: string | null,
    topic: string,
    change: AccessRevocation,
  ): Promise<string> {
    transaction.afterCommit(() => this.forget(change));
    return this.outbox.publish(transaction, organizationId, topic, { ...change });
  }

  /** Other instances' changes, from the first remembered session on (the worker never listens). */
  private listen(): void {
    this.subscriptions ??= Promise.all(
      [ACCESS_REVOKED_TOPIC, ACCESS_CHANGED_TOPIC].map((topic) =>
        this.pubSub.subscribe(
          topic,
          (message: OutboxMessage<AccessRevocation>) => this.forget(message.payload),
          {},
        ),
      ),
    );
  }

  async onModuleDestroy(): Promise<void> {
    const ids = await this.subscriptions;
    for (const id of ids ?? []) this.pubSub.unsubscribe(id);
  }
}

/** Global, so identity and organizations alike can announce access changes through it. */
@Global()
@Module({ providers: [LiveSessions], exports: [LiveSessions] })
export class LiveSessionsModule {}
