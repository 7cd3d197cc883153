import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { BadUserInputError } from '@/common/errors/domain-errors';
import { SentMail } from './sent-mail.entity';
import { SentMailRepository } from './sent-mail.repository';

@Resolver(() => SentMail)
export class MailResolver {
  constructor(private readonly sentMails: SentMailRepository) {}

  @Query(() => [SentMail], {
    description:
      'The newest mail sent about the active organization (its invitations), with delivery status. OWNER only; without SMTP configured this is where invitations can be read. Account mail (email verification) belongs to its recipient and is not listed.',
  })
  @RequirePermission('mail:read')
  sentMail(
    @CurrentViewer() viewer: Viewer,
    @Args('limit', { type: () => Int, defaultValue: 50 }) limit: number,
  ): Promise<SentMail[]> {
    if (limit < 1 || limit > 200) {
      throw new BadUserInputError('limit must be between 1 and 200', [
        { path: 'limit', message: 'must be between 1 and 200' },
      ]);
    }
    return this.sentMails.findNewest(viewer.organizationId, limit);
  }
}
