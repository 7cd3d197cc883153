import { Injectable } from '@nestjs/common';
import { Viewer } from '@/access/viewer';
import { BadUserInputError, ConflictError, NotFoundError } from '@/common/errors/domain-errors';
import { isUniqueViolation, isUuid } from '@/database/query-guards';
import { TenantScope } from '@/database/tenant-scope';
import { TransactionService } from '@/database/transaction.service';
import { AuditService } from '@/modules/audit/audit.service';
import { ScoringMode } from '../calls.enums';
import { PhoneNumber } from '../calls/phone-number.entity';
import { PhoneNumberRepository } from '../calls/phone-number.repository';
import { TwilioAccount } from '../twilio/twilio.client';
import { Campaign } from './campaign.entity';
import { CriterionInputLike, normaliseCriteria } from './criteria';
import { AddPhoneNumberInput, UpdatePhoneNumberInput } from './dto/add-phone-number.input';
import { CreateCampaignInput, UpdateCampaignInput } from './dto/create-campaign.input';
import { Scorecard } from './scorecard.entity';

function checkedCriteria(inputs: readonly CriterionInputLike[], path: string) {
  const { criteria, errors } = normaliseCriteria(inputs, path);
  if (errors.length > 0) {
    throw BadUserInputError.forFields(errors);
  }
  return criteria;
}

const NUMBER_TAKEN = 'This number is already registered';

/**
 * Campaigns and their versioned scorecards. A scorecard is never edited in
 * place: `updateScorecard` writes version n+1 and points the campaign at it,
 * so every score keeps naming the criteria it was made with.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly tenants: TenantScope,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly twilio: TwilioAccount,
    private readonly phoneNumbers: PhoneNumberRepository,
  ) {}

  list(viewer: Viewer): Promise<Campaign[]> {
    return this.tenants
      .for(viewer)
      .repository(Campaign)
      .find({}, { createdAt: 'DESC', id: 'DESC' });
  }

  async get(viewer: Viewer, id: string): Promise<Campaign | null> {
    if (!isUuid(id)) return null;
    return this.tenants.for(viewer).repository(Campaign).findOneBy({ id });
  }

  findByIds(organizationId: string, ids: readonly string[]): Promise<Campaign[]> {
    return this.tenants.for({ organizationId }).repository(Campaign).findByIds(ids);
  }

  scorecardsByIds(organizationId: string, ids: readonly string[]): Promise<Scorecard[]> {
    return this.tenants.for({ organizationId }).repository(Scorecard).findByIds(ids);
  }

  async create(viewer: Viewer, input: CreateCampaignInput): Promise<Campaign> {
    const criteria = checkedCriteria(input.criteria, 'input.criteria');
    const name = input.name.trim();
    if (!name)
      throw new BadUserInputError('Invalid input: input.name: must not be blank', [
        { path: 'input.name', message: 'must not be blank' },
      ]);
    return this.transactions.run(async ({ manager }) => {
      const scope = this.tenants.for(viewer, manager);
      const campaigns = scope.repository(Campaign);
      const scorecards = scope.repository(Scorecard);
      const campaign = await campaigns.save(
        campaigns.create({
          name,
          script: input.script ?? null,
          active: true,
          scoringMode: input.scoringMode ?? ScoringMode.REALTIME,
          scorecardId: null,
        }),
      );
      const scorecard = await scorecards.save(
        scorecards.create({ campaignId: campaign.id, version: 1, criteria }),
      );
      campaign.scorecardId = scorecard.id;
      await campaigns.save(campaign);
      await this.audit.record(manager, viewer, {
        action: 'campaign.created',
        entityType: 'Campaign',
        entityId: campaign.id,
        after: {
          name,
          script: campaign.script,
          scoringMode: campaign.scoringMode,
          scorecardVersion: 1,
          criteria,
        },
      });
      return campaign;
    });
  }

  /** Name, script, active flag, scoring mode: the fields given change, with an audit record. */
  async update(viewer: Viewer, id: string, input: UpdateCampaignInput): Promise<Campaign> {
    const name = input.name?.trim();
    if (input.name !== undefined && input.name !== null && !name)
      throw new BadUserInputError('Invalid input: input.name: must not be blank', [
        { path: 'input.name', message: 'must not be blank' },
      ]);
    return this.transactions.run(async ({ manager }) => {
      const campaigns = this.tenants.for(viewer, manager).repository(Campaign);
      const campaign = await campaigns.get(id, 'Campaign', 'pessimistic_write');
      const before = {
        name: campaign.name,
        script: campaign.script,
        active: campaign.active,
        scoringMode: campaign.scoringMode,
      };
      if (name) campaign.name = name;
      if (typeof input.script === 'string')
        campaign.script = input.script === '' ? null : input.script;
      if (typeof input.active === 'boolean') campaign.active = input.active;
      if (input.scoringMode) campaign.scoringMode = input.scoringMode;
      const saved = await campaigns.save(campaign);
      await this.audit.record(manager, viewer, {
        action: 'campaign.updated',
        entityType: 'Campaign',
        entityId: campaign.id,
        before,
        after: {
          name: saved.name,
          script: saved.script,
          active: saved.active,
          scoringMode: saved.scoringMode,
        },
      });
      return saved;
    });
  }

  async updateScorecard(
    viewer: Viewer,
    campaignId: string,
    inputs: readonly CriterionInputLike[],
  ): Promise<Campaign> {
    const criteria = checkedCriteria(inputs, 'criteria');
    return this.transactions.run(async ({ manager }) => {
      const scope = this.tenants.for(viewer, manager);
      const campaigns = scope.repository(Campaign);
      const scorecards = scope.repository(Scorecard);
      // The row lock serialises concurrent edits, so versions never collide.
      const campaign = await campaigns.get(campaignId, 'Campaign', 'pessimistic_write');
      const current = campaign.scorecardId
        ? await scorecards.findOneBy({ id: campaign.scorecardId })
        : null;
      const version = (current?.version ?? 0) + 1;
      const scorecard = await scorecards.save(
        scorecards.create({ campaignId: campaign.id, version, criteria }),
      );
      campaign.scorecardId = scorecard.id;
      const saved = await campaigns.save(campaign);
      await this.audit.record(manager, viewer, {
        action: 'campaign.scorecard_updated',
        entityType: 'Campaign',
        entityId: campaign.id,
        before: { scorecardVersion: current?.version ?? null, criteria: current?.criteria ?? null },
        after: { scorecardVersion: version, criteria },
      });
      return saved;
    });
  }

  listPhoneNumbers(viewer: Viewer): Promise<PhoneNumber[]> {
    return this.tenants.for(viewer).repository(PhoneNumber).find({}, { number: 'ASC' });
  }

  /**
   * A number belongs to whoever proves it: with Twilio configured, the
   * account must own the number (looked up through the SDK before the
   * transaction, so no connection waits on Twilio) and its SID is stored;
   * refused or unanswered, nothing is stored. Without Twilio (embedded, dev)
   * the number is stored unverified, with no SID.
   */
  async addPhoneNumber(viewer: Viewer, input: AddPhoneNumberInput): Promise<PhoneNumber> {
    let twilioSid: string | null = null;
    if (this.twilio.configured) {
      const owned = await this.twilio.incomingNumber(input.number);
      if (!owned) {
        throw new BadUserInputError(
          'Invalid input: input.number: is not a number of the Twilio account this server uses',
          [
            {
              path: 'input.number',
              message: 'is not a number of the Twilio account this server uses',
            },
          ],
        );
      }
      twilioSid = owned.sid;
    }
    try {
      return await this.transactions.run(async ({ manager }) => {
        const scope = this.tenants.for(viewer, manager);
        await this.requireCampaignOf(scope, input.campaignId);
        // Numbers are unique across organizations: a webhook must map to one.
        if (await this.phoneNumbers.isTaken(input.number, manager)) {
          throw new ConflictError(NUMBER_TAKEN);
        }
        const numbers = scope.repository(PhoneNumber);
        const saved = await numbers.save(
          numbers.create({
            number: input.number,
            twilioSid,
            campaignId: input.campaignId ?? null,
            voiceAssistant: input.voiceAssistant ?? false,
            smsAssistant: input.smsAssistant ?? false,
          }),
        );
        await this.audit.record(manager, viewer, {
          action: 'phone_number.added',
          entityType: 'PhoneNumber',
          entityId: saved.id,
          after: {
            number: saved.number,
            twilioSid,
            campaignId: saved.campaignId,
            voiceAssistant: saved.voiceAssistant,
            smsAssistant: saved.smsAssistant,
          },
        });
        return saved;
      });
    } catch (error) {
      // Two organizations adding one number at once: the unique index decides.
      if (isUniqueViolation(error, 'phone_number_number_key'))
        throw new ConflictError(NUMBER_TAKEN);
      throw error;
    }
  }

  /** Changes a number's campaign and assistant switches; only the fields given. */
  async updatePhoneNumber(
    viewer: Viewer,
    id: string,
    input: UpdatePhoneNumberInput,
  ): Promise<PhoneNumber> {
    return this.transactions.run(async ({ manager }) => {
      const scope = this.tenants.for(viewer, manager);
      const numbers = scope.repository(PhoneNumber);
      const number = await numbers.get(id, 'PhoneNumber');
      const before = {
        campaignId: number.campaignId,
        voiceAssistant: number.voiceAssistant,
        smsAssistant: number.smsAssistant,
      };
      if (input.campaignId !== undefined) {
        await this.requireCampaignOf(scope, input.campaignId);
        number.campaignId = input.campaignId;
      }
      if (input.voiceAssistant !== undefined && input.voiceAssistant !== null) {
        number.voiceAssistant = input.voiceAssistant;
      }
      if (input.smsAssistant !== undefined && input.smsAssistant !== null) {
        number.smsAssistant = input.smsAssistant;
      }
      const saved = await numbers.save(number);
      await this.audit.record(manager, viewer, {
        action: 'phone_number.updated',
        entityType: 'PhoneNumber',
        entityId: id,
        before,
        after: {
          campaignId: saved.campaignId,
          voiceAssistant: saved.voiceAssistant,
          smsAssistant: saved.smsAssistant,
        },
      });
      return saved;
    });
  }

  async removePhoneNumber(viewer: Viewer, id: string): Promise<boolean> {
    return this.transactions.run(async ({ manager }) => {
      const numbers = this.tenants.for(viewer, manager).repository(PhoneNumber);
      const number = await numbers.get(id, 'PhoneNumber');
      await numbers.remove(number);
      await this.audit.record(manager, viewer, {
        action: 'phone_number.removed',
        entityType: 'PhoneNumber',
        entityId: id,
        before: { number: number.number, campaignId: number.campaignId },
      });
      return true;
    });
  }

  /** BAD_USER_INPUT (input.campaignId) unless the campaign is the organization's. */
  private async requireCampaignOf(
    scope: ReturnType<TenantScope['for']>,
    campaignId: string | null | undefined,
  ): Promise<void> {
    if (campaignId && !(await scope.repository(Campaign).findOneBy({ id: campaignId }))) {
      throw new BadUserInputError('Invalid input: input.campaignId: no such campaign', [
        { path: 'input.campaignId', message: 'no such campaign' },
      ]);
    }
  }

  /** The campaign or NotFound: for ids a caller gives as the subject of an operation. */
  async require(viewer: Viewer, id: string): Promise<Campaign> {
    const campaign = await this.get(viewer, id);
    if (!campaign) throw new NotFoundError('Campaign', id);
    return campaign;
  }
}
