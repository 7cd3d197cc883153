import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Viewer } from '@/access/viewer';
import { ForbiddenError } from '@/common/errors/domain-errors';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { atLeast, Role } from '@/access/role';
import { AuditService } from '@/modules/audit/audit.service';
import { ApiKey, CreatedApiKey } from './api-key.entity';
import { sha256 } from './tokens.service';
import { LiveSessions } from '@/access/live-sessions';

export const API_KEY_PREFIX = 'sbk_';
const KEY_SHAPE = /^sbk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
/** lastUsedAt is written at most this often per key, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

const alphanumeric = (length: number): string =>
  randomBytes(length * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length);

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly liveSessions: LiveSessions,
  ) {}

  list(viewer: Viewer): Promise<ApiKey[]> {
    return this.tenants.for(viewer).repository(ApiKey).find({}, { createdAt: 'DESC' });
  }

  /** The secret is returned here once; only its SHA-256 is stored (it has 256 bits of entropy). */
  create(viewer: Viewer, input: { name: string; role: Role }): Promise<CreatedApiKey> {
    if (!atLeast(viewer.role, input.role)) {
      throw new ForbiddenError('An API key cannot have a higher role than its creator');
    }
    return this.transactions.run(async ({ manager }) => {
      const prefix = alphanumeric(12);
      const secret = `${API_KEY_PREFIX}${prefix}_${randomBytes(32).toString('base64url')}`;
      const keys = this.tenants.for(viewer, manager).repository(ApiKey);
      const apiKey = await keys.save(
        keys.create({
          name: input.name.trim(),
          role: input.role,
          prefix,
          secretHash: sha256(secret),
          createdByUserId: viewer.userId,
          lastUsedAt: null,
          revokedAt: null,
        }),
      );
      await this.audit.record(manager, viewer, {
        action: 'api_key.created',
        entityType: 'ApiKey',
        entityId: apiKey.id,
        after: { name: apiKey.name, role: apiKey.role, prefix },
      });
      return { apiKey, secret };
    });
  }

  revoke(viewer: Viewer, id: string): Promise<ApiKey> {
    return this.transactions.run(async (transaction) => {
      const keys = this.tenants.for(viewer, transaction.manager).repository(ApiKey);
      const apiKey = await keys.get(id, 'ApiKey', 'pessimistic_write');
      if (apiKey.revokedAt) return apiKey;
      const before = { revokedAt: null };
      apiKey.revokedAt = new Date();
      await keys.save(apiKey);
      await this.audit.record(transaction.manager, viewer, {
        action: 'api_key.revoked',
        entityType: 'ApiKey',
        entityId: apiKey.id,
        before,
        after: { revokedAt: apiKey.revokedAt },
      });
      await this.liveSessions.announceRevocation(transaction, viewer.organizationId, {
        apiKeyId: apiKey.id,
      });
      return apiKey;
    });
  }

  /** The key's identity when the secret is a live key, else null. Constant-time comparison. */
  async authenticate(secret: string): Promise<Viewer | null> {
    const match = KEY_SHAPE.exec(secret);
    if (!match) return null;
    const apiKey = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('key')
      .addSelect('key.secretHash')
      .where('key.prefix = :prefix', { prefix: match[1] })
      .getOne();
    if (!apiKey || apiKey.revokedAt) return null;
    const expected = Buffer.from(apiKey.secretHash, 'hex');
    const given = Buffer.from(sha256(secret), 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    if (!apiKey.lastUsedAt || Date.now() - apiKey.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.dataSource
        .getRepository(ApiKey)
        .update({ id: apiKey.id }, { lastUsedAt: new Date() });
    }
    return {
      kind: 'api-key',
      organizationId: apiKey.organizationId,
      role: apiKey.role,
      userId: null,
      sessionId: null,
      apiKeyId: apiKey.id,
      expiresAt: null,
    };
  }
}
