import argon2 from 'argon2';
import { BadUserInputError } from '@/common/errors/domain-errors';

/** OWASP's argon2id floor: 19 MiB of memory, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export function hashSecret(secret: string): Promise<string> {
  return argon2.hash(secret, ARGON2_OPTIONS);
}

export async function verifySecret(hash: string, secret: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, secret);
  } catch {
    return false;
  }
}

/** A hash of nothing anyone knows: verified against when the email is unknown, so timing reveals nothing. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= argon2.hash(`decoy-${Math.random()}`, ARGON2_OPTIONS);
  return decoy;
}

/**
 * NIST 800-63B style: length over composition rules. At least 10 characters,
 * at most 128, not all one character, and not containing the email's local
 * part.
 */
export function assertPasswordPolicy(password: string, email?: string, path = 'password'): void {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH)
    problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH)
    problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (password.length > 0 && new Set(password).size === 1)
    problems.push('must not repeat a single character');
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 3 && password.toLowerCase().includes(local)) {
    problems.push('must not contain your email address');
  }
  if (problems.length > 0) {
    throw new BadUserInputError(
      `Password ${problems.join('; ')}`,
      problems.map((message) => ({ path, message })),
    );
  }
}
