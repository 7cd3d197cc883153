import type { AuditService } from '@/modules/audit/audit.service';
import type { DataSource } from 'typeorm';
import type { LiveSessions } from '@/access/live-sessions';
import type { Viewer } from '@/access/viewer';
import { ForbiddenError, NotFoundError } from '@/common/errors/domain-errors';
import type { TenantScope } from '@/database/tenant-scope';
import type { Transaction, TransactionService } from '@/database/transaction.service';
import { Role } from '@/access/role';
import { ApiKey } from './api-key.entity';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys.service';
import { sha256 } from './tokens.service';

const ORG = '00000000-0000-4000-8000-0000000000aa';
const admin: Viewer = {
  kind: 'user',
  organizationId: ORG,
  role: Role.ADMIN,
  userId: 'u1',
  sessionId: 's1',
  apiKeyId: null,
  expiresAt: null,
};

function setup() {
  const keys = new Map<string, ApiKey>();
  let next = 1;
  const tenantKeys = {
    create: (data: Partial<ApiKey>) => ({ ...data, organizationId: ORG }) as ApiKey,
    save: jest.fn(async (key: ApiKey) => {
      key.id ??= `key-${next++}`;
      keys.set(key.id, key);
      return key;
    }),
    get: jest.fn(async (keyId: string, entity: string) => {
      const key = keys.get(keyId);
      if (!key) throw new NotFoundError(entity, keyId);
      return key;
    }),
  };
  const tenants = { for: () => ({ organizationId: ORG, repository: () => tenantKeys }) };
  const transactions = {
    run: (work: (transaction: Transaction) => Promise<unknown>) =>
      work({ manager: {}, afterCommit: () => undefined } as unknown as Transaction),
  };
  const audit = { record: jest.fn().mockResolvedValue(undefined) };
  const liveSessions = { announceRevocation: jest.fn().mockResolvedValue('event') };
  const byPrefix = jest.fn();
  const update = jest.fn().mockResolvedValue(undefined);
  const dataSource = {
    getRepository: () => ({
      update,
      createQueryBuilder: () => {
        let prefix = '';
        const qb = {
          addSelect: () => qb,
          where: (_condition: string, values: { prefix: string }) => {
            prefix = values.prefix;
            byPrefix(prefix);
            return qb;
          },
          getOne: async () => [...keys.values()].find((key) => key.prefix === prefix) ?? null,
        };
        return qb;
      },
    }),
  };
  const service = new ApiKeysService(
    dataSource as unknown as DataSource,
    tenants as unknown as TenantScope,
    transactions as unknown as TransactionService,
    audit as unknown as AuditService,
    liveSessions as unknown as LiveSessions,
  );
  return { service, keys, audit, liveSessions, byPrefix, update };
}

describe('ApiKeysService.create', () => {
  it('refuses a key with a higher role than its creator', () => {
    const { service, keys } = setup();
    expect(() =>
      service.create({ ...admin, role: Role.AGENT }, { name: 'x', role: Role.ADMIN }),
    ).toThrow(ForbiddenError);
    expect(() => service.create(admin, { name: 'x', role: Role.OWNER })).toThrow(
      'An API key cannot have a higher role than its creator',
    );
    expect(keys.size).toBe(0);
  });

  it('returns the secret once and stores only its hash, under a prefix the secret carries', async () => {
    const { service, audit } = setup();
    const { apiKey, secret } = await service.create(admin, {
      name: '  Zapier  ',
      role: Role.ADMIN,
    });
    expect(secret).toMatch(/^sbk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(apiKey).toMatchObject({
      name: 'Zapier',
      role: Role.ADMIN,
      prefix: secret.slice(4, 16),
      secretHash: sha256(secret),
      createdByUserId: 'u1',
      revokedAt: null,
    });
    const entry = audit.record.mock.calls[0][2];
    expect(entry).toMatchObject({ action: 'api_key.created', entityId: apiKey.id });
    expect(JSON.stringify(entry)).not.toContain(secret);
    expect(JSON.stringify(entry)).not.toContain(apiKey.secretHash);
  });

  it('makes a different secret and prefix every time', async () => {
    const { service } = setup();
    const a = await service.create(admin, { name: 'a', role: Role.VIEWER });
    const b = await service.create(admin, { name: 'b', role: Role.VIEWER });
    expect(a.secret).not.toBe(b.secret);
    expect(a.apiKey.prefix).not.toBe(b.apiKey.prefix);
  });
});

describe('ApiKeysService.revoke', () => {
  it('revokes once, audits it and drops the key’s cached access everywhere', async () => {
    const { service, audit, liveSessions } = setup();
    const { apiKey } = await service.create(admin, { name: 'a', role: Role.AGENT });
    const revoked = await service.revoke(admin, apiKey.id);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(audit.record.mock.calls[1][2]).toMatchObject({
      action: 'api_key.revoked',
      before: { revokedAt: null },
      after: { revokedAt: revoked.revokedAt },
    });
    expect(liveSessions.announceRevocation).toHaveBeenCalledWith(expect.anything(), ORG, {
      apiKeyId: apiKey.id,
    });
    const firstRevokedAt = revoked.revokedAt;
    const again = await service.revoke(admin, apiKey.id);
    expect(again.revokedAt).toBe(firstRevokedAt);
    expect(audit.record).toHaveBeenCalledTimes(2);
    expect(liveSessions.announceRevocation).toHaveBeenCalledTimes(1);
  });
});

describe('ApiKeysService.authenticate', () => {
  it('answers the key’s viewer for its secret and records the use', async () => {
    const { service, update } = setup();
    const { apiKey, secret } = await service.create(admin, { name: 'a', role: Role.AGENT });
    expect(await service.authenticate(secret)).toEqual({
      kind: 'api-key',
      organizationId: ORG,
      role: Role.AGENT,
      userId: null,
      sessionId: null,
      apiKeyId: apiKey.id,
      expiresAt: null,
    });
    expect(update).toHaveBeenCalledWith({ id: apiKey.id }, { lastUsedAt: expect.any(Date) });
  });

  it('writes lastUsedAt at most once a minute', async () => {
    const { service, update } = setup();
    const { apiKey, secret } = await service.create(admin, { name: 'a', role: Role.AGENT });
    apiKey.lastUsedAt = new Date(Date.now() - 30_000);
    await service.authenticate(secret);
    expect(update).not.toHaveBeenCalled();
    apiKey.lastUsedAt = new Date(Date.now() - 61_000);
    await service.authenticate(secret);
    expect(update).toHaveBeenCalledTimes(1);
  });

  it('refuses a malformed key without a query', async () => {
    const { service, byPrefix } = setup();
    for (const secret of [
      'sbk_short_x',
      `sbk_${'a'.repeat(12)}_${'b'.repeat(42)}`,
      `sbk_${'a'.repeat(11)}!_${'b'.repeat(43)}`,
      `xyz_${'a'.repeat(12)}_${'b'.repeat(43)}`,
    ]) {
      expect(await service.authenticate(secret)).toBeNull();
    }
    expect(byPrefix).not.toHaveBeenCalled();
  });

  it('refuses an unknown prefix, a wrong secret behind a known prefix, and a revoked key', async () => {
    const { service, byPrefix } = setup();
    const { apiKey, secret } = await service.create(admin, { name: 'a', role: Role.AGENT });
    expect(await service.authenticate(`sbk_${'Z'.repeat(12)}_${secret.slice(17)}`)).toBeNull();
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    expect(await service.authenticate(secret.slice(0, -1) + last)).toBeNull();
    expect(byPrefix).toHaveBeenLastCalledWith(apiKey.prefix);
    apiKey.revokedAt = new Date();
    expect(await service.authenticate(secret)).toBeNull();
  });
});
