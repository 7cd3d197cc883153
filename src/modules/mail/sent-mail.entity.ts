import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { References } from '@/database/references';
import { BaseEntity } from '@/database/base.entity';

export enum MailStatus {
  /** Waiting for (another) delivery attempt. */
  PENDING = 'PENDING',
  /** Accepted by the SMTP server. */
  SENT = 'SENT',
  /** No SMTP configured: written to the log and kept here only. */
  LOGGED = 'LOGGED',
  /** Gave up after MAIL_MAX_ATTEMPTS. */
  FAILED = 'FAILED',
}
registerEnumType(MailStatus, { name: 'MailStatus' });

/**
 * Every message the product sends, written in the transaction of the change
 * that caused it and delivered after commit (retried until sent). An
 * organization's OWNER reads its own (`sentMail`).
 */
@ObjectType('SentMail')
@Entity('sent_mail')
@Index('sent_mail_pending', ['nextAttemptAt'], { where: `status = 'PENDING'` })
export class SentMail extends BaseEntity {
  /** The organization the message is about; null for account mail (verification). */
  @Index()
  @Column('uuid', { nullable: true })
  organizationId: string | null;

  @Field()
  @Column({ type: 'text' })
  kind: string;

  @Field()
  @Column({ type: 'text' })
  toAddress: string;

  @Field()
  @Column({ type: 'text' })
  subject: string;

  @Field()
  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text' })
  html: string;

  @Field(() => MailStatus)
  @Column({ type: 'enum', enum: MailStatus, enumName: 'mail_status', default: MailStatus.PENDING })
  status: MailStatus;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @References('Organization', 'organization_id', 'CASCADE')
  readonly organizationFk?: never;
}
