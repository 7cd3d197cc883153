import { BadUserInputError } from '@/common/errors/domain-errors';
import {
  assertPasswordPolicy,
  decoyHash,
  hashSecret,
  PASSWORD_MAX_LENGTH,
  verifySecret,
} from './password';

const problems = (password: string, email?: string): string[] => {
  try {
    assertPasswordPolicy(password, email);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return ((error as BadUserInputError).details?.fields as Array<{ message: string }>).map(
      (field) => field.message,
    );
  }
};

describe('assertPasswordPolicy', () => {
  it('asks for length, not composition', () => {
    expect(problems('abcdefghij')).toEqual([]);
    expect(problems('abcdefghi')).toEqual(['must be at least 10 characters']);
    expect(problems('a'.repeat(PASSWORD_MAX_LENGTH + 1))).toEqual([
      'must be at most 128 characters',
      'must not repeat a single character',
    ]);
    expect(problems('x'.repeat(12))).toEqual(['must not repeat a single character']);
  });

  it('refuses the email’s local part (3 characters or more), in any case', () => {
    expect(problems('my-Margaret-password', 'margaret@example.com')).toEqual([
      'must not contain your email address',
    ]);
    expect(problems('my-jo-password', 'jo@example.com')).toEqual([]);
  });

  it('names the path it is given and every problem in the message', () => {
    try {
      assertPasswordPolicy('', undefined, 'input.password');
      throw new Error('accepted an empty password');
    } catch (error) {
      expect((error as BadUserInputError).message).toBe('Password must be at least 10 characters');
      expect((error as BadUserInputError).details).toEqual({
        fields: [{ path: 'input.password', message: 'must be at least 10 characters' }],
      });
    }
  });
});

describe('hashSecret / verifySecret', () => {
  it('verifies the right secret only, and a malformed hash as false', async () => {
    const hash = await hashSecret('1234');
    expect(await verifySecret(hash, '1234')).toBe(true);
    expect(await verifySecret(hash, '12345')).toBe(false);
    expect(await verifySecret('not a hash', '1234')).toBe(false);
    expect(await verifySecret(await decoyHash(), '')).toBe(false);
    expect(await decoyHash()).toBe(await decoyHash());
  });
});
