import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DevelopmentSecrets {
  jwtSecret: string;
  encryptionKey: string;
}

/**
 * Outside production JWT_SECRET and ENCRYPTION_KEY may be left unset so that
 * `npm start` works on a bare machine. They are generated once and kept under
 * the data directory, so tokens and encrypted provider credentials survive a
 * restart. Production refuses to start without real values (see environment.ts).
 */
export function developmentSecrets(dataDir: string): DevelopmentSecrets {
  const file = join(dataDir, 'development-secrets.json');
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as DevelopmentSecrets;
  }
  const secrets: DevelopmentSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    encryptionKey: randomBytes(32).toString('base64'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
