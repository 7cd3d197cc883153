import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { authConfig } from '@/config/configuration';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts provider secrets (OAuth refresh tokens, API tokens) at rest with
 * AES-256-GCM under ENCRYPTION_KEY. The stored form is
 * `v1.<iv>.<tag>.<ciphertext>` (base64url), so a later key or algorithm can
 * be told apart. `context` (e.g. the row's organization id) is bound as
 * additional authenticated data: a ciphertext copied into another tenant's
 * row does not decrypt.
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(@Inject(authConfig.KEY) auth: ConfigType<typeof authConfig>) {
    if (auth.encryptionKey.length !== 32) {
      throw new Error('ENCRYPTION_KEY must be 32 bytes, base64-encoded');
    }
    this.key = auth.encryptionKey;
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
    return [VERSION, ...parts].join('.');
  }

  decrypt(sealed: string, context: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error('Not a sealed secret');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plaintext = Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]);
    return plaintext.toString('utf8');
  }
}
