import { Global, Module } from '@nestjs/common';
import { SecretBox } from './secret-box';

/** Encryption of provider secrets at rest, available to every module. */
@Global()
@Module({ providers: [SecretBox], exports: [SecretBox] })
export class CryptoModule {}
