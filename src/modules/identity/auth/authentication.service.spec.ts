import type { LiveSessions } from '@/access/live-sessions';
import type { Viewer } from '@/access/viewer';
import { Role } from '@/access/role';
import type { ApiKeysService } from './api-keys.service';
import { AuthenticationService, bearerToken } from './authentication.service';
import type { SessionRepository } from './session.repository';
import type { AccessClaims, TokensService } from './tokens.service';

// The session check's SQL lives in SessionRepository: fake it at that boundary.
const liveSessionQuery = jest.fn<
  ReturnType<SessionRepository['findLive']>,
  Parameters<SessionRepository['findLive']>
>();

const claims: AccessClaims = { sub: 'u1', org: 'o1', sid: 's1', exp: 1_900_000_000 };

function setup() {
  const tokens = { verifyAccessToken: jest.fn(async (): Promise<AccessClaims> => claims) };
  const keyViewer = { kind: 'api-key', apiKeyId: 'k1' } as Viewer;
  const apiKeys = { authenticate: jest.fn(async () => keyViewer) };
  const liveSessions = {
    role: jest.fn((): Role | undefined => undefined),
    startCheck: jest.fn(() => 7),
    remember: jest.fn(),
  };
  const service = new AuthenticationService(
    tokens as unknown as TokensService,
    apiKeys as unknown as ApiKeysService,
    liveSessions as unknown as LiveSessions,
    { findLive: liveSessionQuery } as unknown as SessionRepository,
  );
  return { service, tokens, apiKeys, liveSessions, keyViewer };
}

describe('bearerToken', () => {
  it('takes the token of a Bearer header, in any case, and nothing else', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('  bearer   abc  ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(['Bearer abc'])).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('AuthenticationService', () => {
  beforeEach(() => {
    liveSessionQuery.mockReset();
  });

  it('answers null without a bearer token, and hands API keys to ApiKeysService', async () => {
    const { service, apiKeys, tokens, keyViewer } = setup();
    expect(await service.authenticate('Token x')).toBeNull();
    expect(await service.authenticate('Bearer sbk_whatever')).toBe(keyViewer);
    expect(apiKeys.authenticate).toHaveBeenCalledWith('sbk_whatever');
    expect(tokens.verifyAccessToken).not.toHaveBeenCalled();
  });

  it('answers null (not an error) for a token that does not verify', async () => {
    const { service, tokens } = setup();
    tokens.verifyAccessToken.mockRejectedValue(new Error('jwt expired'));
    expect(await service.authenticate('Bearer eyJ.bad.sig')).toBeNull();
    expect(liveSessionQuery).not.toHaveBeenCalled();
  });

  it('checks the session in the database, remembers the answer and builds the viewer', async () => {
    const { service, liveSessions } = setup();
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    liveSessionQuery.mockResolvedValue({ role: Role.SUPERVISOR, expiresAt });
    expect(await service.authenticate('Bearer eyJ.good.sig')).toEqual({
      kind: 'user',
      organizationId: 'o1',
      role: Role.SUPERVISOR,
      userId: 'u1',
      sessionId: 's1',
      apiKeyId: null,
      expiresAt: new Date(claims.exp * 1000),
    });
    expect(liveSessionQuery).toHaveBeenCalledWith('s1', 'u1', 'o1');
    // Remembered under the check's generation, taken before the query.
    expect(liveSessions.remember).toHaveBeenCalledWith(7, 's1', {
      userId: 'u1',
      organizationId: 'o1',
      role: Role.SUPERVISOR,
      expiresAt,
    });
  });

  it('answers null for a revoked or expired session, or a former member, and remembers nothing', async () => {
    const { service, liveSessions } = setup();
    liveSessionQuery.mockResolvedValue(null);
    expect(await service.viewerFromClaims(claims)).toBeNull();
    expect(liveSessions.remember).not.toHaveBeenCalled();
  });

  it('answers from LiveSessions without a query while it knows the session', async () => {
    const { service, liveSessions } = setup();
    liveSessions.role.mockReturnValue(Role.AGENT);
    const viewer = await service.viewerFromClaims(claims);
    expect(viewer?.role).toBe(Role.AGENT);
    expect(liveSessions.role).toHaveBeenCalledWith('s1', 'u1', 'o1');
    expect(liveSessionQuery).not.toHaveBeenCalled();
  });

  it('refuses claims missing the user, organization or session', async () => {
    const { service } = setup();
    for (const missing of ['sub', 'org', 'sid'] as const) {
      expect(await service.viewerFromClaims({ ...claims, [missing]: '' })).toBeNull();
    }
    expect(liveSessionQuery).not.toHaveBeenCalled();
  });
});
