import { createCampaign } from '../factories/calls.factory';
import { addMemberWithRole, gqlError, gqlOk, registerUser } from '../factories/identity.factory';
import {
  ADD_PHONE_NUMBER,
  UPDATE_PHONE_NUMBER,
  UPDATE_PROFILE,
  phoneOrganization,
} from '../factories/phone.factory';
import { startApi, TestApp } from '../utils/test-app';

/**
 * What the phone assistant reads: a member's profile phone (how a caller is
 * recognised) and each number's voice and SMS assistant switches.
 */
describe('phone settings: profile phone and assistant switches', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('lets a member set and clear their own phone and time zone, and refuses bad values', async () => {
    const user = await registerUser(api);
    const set = await gqlOk<{ updateProfile: { phone: string; timezone: string } }>(
      api,
      UPDATE_PROFILE,
      { input: { phone: '+14155550123', timezone: 'America/Chicago' } },
      user.accessToken,
    );
    expect(set.updateProfile).toMatchObject({ phone: '+14155550123', timezone: 'America/Chicago' });

    const bad = await gqlError(
      api,
      UPDATE_PROFILE,
      { input: { phone: '555-0123' } },
      user.accessToken,
    );
    expect(bad.code).toBe('BAD_USER_INPUT');
    const badZone = await gqlError(
      api,
      UPDATE_PROFILE,
      { input: { timezone: 'Mars/Olympus' } },
      user.accessToken,
    );
    expect(badZone.code).toBe('BAD_USER_INPUT');
    const [row] = await api.dataSource.query<Array<{ phone: string; timezone: string }>>(
      'SELECT phone, timezone FROM app_user WHERE id = $1',
      [user.userId],
    );
    expect(row).toEqual({ phone: '+14155550123', timezone: 'America/Chicago' });

    const cleared = await gqlOk<{ updateProfile: { phone: string | null } }>(
      api,
      UPDATE_PROFILE,
      { input: { phone: null } },
      user.accessToken,
    );
    expect(cleared.updateProfile.phone).toBeNull();
  });

  it('switches a number to the assistant, audits it, and refuses agents, bad campaigns and other tenants', async () => {
    const org = await phoneOrganization(api, {}, { voiceAssistant: false, smsAssistant: false });
    const on = await gqlOk<{ updatePhoneNumber: Record<string, unknown> }>(
      api,
      UPDATE_PHONE_NUMBER,
      { id: org.phoneNumberId, input: { voiceAssistant: true } },
      org.owner.accessToken,
    );
    expect(on.updatePhoneNumber).toMatchObject({ voiceAssistant: true, smsAssistant: false });

    const campaign = await createCampaign(api, org.owner.accessToken);
    const routed = await gqlOk<{ updatePhoneNumber: { campaign: { id: string } } }>(
      api,
      UPDATE_PHONE_NUMBER,
      { id: org.phoneNumberId, input: { campaignId: campaign.id, smsAssistant: true } },
      org.owner.accessToken,
    );
    expect(routed.updatePhoneNumber).toMatchObject({
      voiceAssistant: true,
      smsAssistant: true,
      campaign: { id: campaign.id },
    });
    const audit = await api.dataSource.query<Array<{ action: string }>>(
      "SELECT action FROM audit_entry WHERE entity_id = $1 AND action = 'phone_number.updated'",
      [org.phoneNumberId],
    );
    expect(audit).toHaveLength(2);

    const agent = await addMemberWithRole(api, org.owner, 'AGENT');
    const refused = await gqlError(
      api,
      UPDATE_PHONE_NUMBER,
      { id: org.phoneNumberId, input: { voiceAssistant: false } },
      agent.accessToken,
    );
    expect(refused.code).toBe('FORBIDDEN');

    const other = await registerUser(api);
    const foreign = await gqlError(
      api,
      UPDATE_PHONE_NUMBER,
      { id: org.phoneNumberId, input: { voiceAssistant: false } },
      other.accessToken,
    );
    expect(foreign.code).toBe('NOT_FOUND');
    const otherCampaign = await createCampaign(api, other.accessToken);
    const wrongCampaign = await gqlError(
      api,
      UPDATE_PHONE_NUMBER,
      { id: org.phoneNumberId, input: { campaignId: otherCampaign.id } },
      org.owner.accessToken,
    );
    expect(wrongCampaign.code).toBe('BAD_USER_INPUT');

    const [row] = await api.dataSource.query<Array<Record<string, unknown>>>(
      'SELECT voice_assistant, sms_assistant, campaign_id FROM phone_number WHERE id = $1',
      [org.phoneNumberId],
    );
    expect(row).toEqual({ voice_assistant: true, sms_assistant: true, campaign_id: campaign.id });
  });

  it('adds a number with the assistant off unless asked', async () => {
    const owner = await registerUser(api);
    const added = await gqlOk<{ addPhoneNumber: Record<string, unknown> }>(
      api,
      ADD_PHONE_NUMBER,
      { input: { number: '+1415' + String(Math.floor(1_000_000 + Math.random() * 8_999_999)) } },
      owner.accessToken,
    );
    expect(added.addPhoneNumber).toMatchObject({ voiceAssistant: false, smsAssistant: false });
  });
});
