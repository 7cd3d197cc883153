import { randomBytes } from 'node:crypto';
import { ConfigType } from '@nestjs/config';
import { authConfig } from '@/config/configuration';
import { SecretBox } from './secret-box';

function box(key = randomBytes(32)): SecretBox {
  return new SecretBox({ encryptionKey: key } as ConfigType<typeof authConfig>);
}

describe('SecretBox', () => {
  it('round-trips a secret and never stores the plaintext', () => {
    const secretBox = box();
    const sealed = secretBox.encrypt('1//refresh-token', 'org-1');
    expect(sealed).not.toContain('refresh');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(secretBox.decrypt(sealed, 'org-1')).toBe('1//refresh-token');
  });

  it('uses a fresh IV each time', () => {
    const secretBox = box();
    expect(secretBox.encrypt('same', 'org-1')).not.toBe(secretBox.encrypt('same', 'org-1'));
  });

  it('refuses a ciphertext moved to another context', () => {
    const secretBox = box();
    const sealed = secretBox.encrypt('token', 'org-1');
    expect(() => secretBox.decrypt(sealed, 'org-2')).toThrow();
  });

  it('refuses a tampered ciphertext or another key', () => {
    const key = randomBytes(32);
    const sealed = box(key).encrypt('token', 'org-1');
    const [version, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    const tampered = [version, iv, tag, flipped.toString('base64url')].join('.');
    expect(() => box(key).decrypt(tampered, 'org-1')).toThrow();
    expect(() => box().decrypt(sealed, 'org-1')).toThrow();
    expect(() => box(key).decrypt('plain', 'org-1')).toThrow('Not a sealed secret');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => box(randomBytes(16))).toThrow('32 bytes');
  });
});
