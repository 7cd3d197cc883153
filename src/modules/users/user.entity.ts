import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { ReadsFromParent } from '@/graphql/dataloader/relation-field';
import { BaseEntity } from '@/database/base.entity';

/** A person. Belongs to organizations through memberships; not tenant-owned itself. */
@ObjectType('User')
@Entity('app_user')
export class User extends BaseEntity {
  /** Stored trimmed and lower-cased, so uniqueness is case-insensitive. */
  @Field()
  @Index({ unique: true })
  @Column({ type: 'text' })
  email: string;

  @Field()
  @Column({ type: 'text' })
  name: string;

  /** E.164; a phone caller is recognised by it (caller ID, or keyed in). */
  @Field(() => String, { nullable: true })
  @Index('app_user_phone_idx')
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field()
  @Column({ type: 'text', default: 'UTC' })
  timezone: string;

  /** When the person proved they read this address (verification link or emailed invitation). */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  /** argon2id; null for an invited user who has not set a password yet. */
  @Column({ type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'text', nullable: true, select: false })
  voicePinHash: string | null;

  @Column({ type: 'int', default: 0 })
  voicePinFailures: number;

  @Column({ type: 'timestamptz', nullable: true })
  voicePinLockedUntil: Date | null;

  /** Whether a PIN exists, readable without loading the hash. */
  @Field(() => Boolean, { name: 'hasVoicePin' })
  @ReadsFromParent('voicePinSet')
  @Column({ type: 'boolean', default: false })
  voicePinSet: boolean;
}
