import { ServiceUnavailableError } from '@/common/errors/domain-errors';
import { lookupIncomingNumber, twilioRestClient } from '@/modules/calls/twilio/twilio.client';
import { FakeTwilio } from '../fakes/twilio.fake';
import { createCampaign, phoneNumber } from '../factories/calls.factory';
import {
  Account,
  addMemberWithRole,
  gqlError,
  gqlOk,
  registerUser,
} from '../factories/identity.factory';
import { startApi, TestApp } from '../utils/test-app';

const ADD = `mutation ($input: AddPhoneNumberInput!) {
  addPhoneNumber(input: $input) { id number twilioSid campaign { id } }
}`;
const LIST = '{ phoneNumbers { number twilioSid } }';

interface Row {
  organization_id: string;
  twilio_sid: string | null;
}

/**
 * Phone numbers belong to whoever proves it: with Twilio configured, adding a
 * number asks the configured account (through the official SDK, at a local
 * fake speaking Twilio's REST wire format) whether it owns the number, and
 * stores the number's SID; refused or unanswered, nothing is stored.
 */
describe('phone numbers: verified against the Twilio account', () => {
  let api: TestApp;
  let twilio: FakeTwilio;

  beforeAll(async () => {
    twilio = await new FakeTwilio().start();
    api = await startApi({
      env: {
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_API_BASE_URL: twilio.url,
      },
    });
  });
  afterAll(async () => {
    await api.close();
    await twilio.stop();
  });
  beforeEach(() => twilio.clearFailures());

  async function rowsOf(number: string): Promise<Row[]> {
    return api.dataSource.query<Row[]>(
      'SELECT organization_id, twilio_sid FROM phone_number WHERE number = $1',
      [number],
    );
  }

  async function listed(account: Account) {
    return (
      await gqlOk<{ phoneNumbers: Array<{ number: string; twilioSid: string | null }> }>(
        api,
        LIST,
        {},
        account.accessToken,
      )
    ).phoneNumbers;
  }

  it('adds a number the account owns, with its Twilio SID', async () => {
    const owner = await registerUser(api);
    const campaign = await createCampaign(api, owner.accessToken);
    const number = phoneNumber();
    const sid = twilio.own(number);
    const { addPhoneNumber } = await gqlOk(
      api,
      ADD,
      { input: { number, campaignId: campaign.id } },
      owner.accessToken,
    );
    expect(addPhoneNumber).toMatchObject({ number, twilioSid: sid, campaign: { id: campaign.id } });
    expect(sid).toMatch(/^PN[0-9a-f]{32}$/);
    expect(await listed(owner)).toEqual([{ number, twilioSid: sid }]);
    expect(await rowsOf(number)).toEqual([
      { organization_id: owner.organizationId, twilio_sid: sid },
    ]);
    // One lookup, authenticated as the configured account, filtered by the number.
    expect(twilio.lookupsOf(number)).toEqual([
      {
        method: 'GET',
        path: `/2010-04-01/Accounts/${twilio.accountSid}/IncomingPhoneNumbers.json`,
        accountSid: twilio.accountSid,
        phoneNumber: number,
        status: 200,
      },
    ]);
  });

  it('refuses a number the account does not own and stores nothing', async () => {
    const owner = await registerUser(api);
    const number = phoneNumber();
    const error = await gqlError(api, ADD, { input: { number } }, owner.accessToken);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/not a number of the Twilio account/);
    expect(error.extensions.fields).toEqual([
      { path: 'input.number', message: 'is not a number of the Twilio account this server uses' },
    ]);
    expect(twilio.lookupsOf(number)).toHaveLength(1);
    expect(await listed(owner)).toEqual([]);
    expect(await rowsOf(number)).toEqual([]);
  });

  it('wants the exact number, not one Twilio matches on part of it', async () => {
    const owner = await registerUser(api);
    const owned = phoneNumber(); // +1415 and 7 digits
    twilio.own(owned);
    const shorter = owned.slice(0, -1);
    const error = await gqlError(api, ADD, { input: { number: shorter } }, owner.accessToken);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(await rowsOf(shorter)).toEqual([]);
  });

  it('answers SERVICE_UNAVAILABLE when Twilio fails, stores nothing, and works once Twilio does', async () => {
    const owner = await registerUser(api);
    const number = phoneNumber();
    const sid = twilio.own(number);
    twilio.failNext({ status: 500 });
    const error = await gqlError(api, ADD, { input: { number } }, owner.accessToken);
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.extensions.service).toBe('twilio');
    expect(error.message).toMatch(/Twilio answered HTTP 500/);
    expect(error.message).toMatch(/nothing was changed/);
    expect(await rowsOf(number)).toEqual([]);
    expect(await listed(owner)).toEqual([]);

    const { addPhoneNumber } = await gqlOk(api, ADD, { input: { number } }, owner.accessToken);
    expect(addPhoneNumber.twilioSid).toBe(sid);
  });

  it('answers SERVICE_UNAVAILABLE when Twilio refuses the server’s credentials', async () => {
    const owner = await registerUser(api);
    const number = phoneNumber();
    twilio.own(number);
    const token = twilio.authToken;
    twilio.authToken = 'rotated-elsewhere';
    try {
      const error = await gqlError(api, ADD, { input: { number } }, owner.accessToken);
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toMatch(/refused this server's credentials \(HTTP 401\)/);
      expect(error.message).not.toContain(token);
    } finally {
      twilio.authToken = token;
    }
    expect(await rowsOf(number)).toEqual([]);
  });

  it('gives up on a Twilio that does not answer in time', async () => {
    const client = twilioRestClient(
      { accountSid: twilio.accountSid, authToken: twilio.authToken, apiBaseUrl: twilio.url },
      300,
    );
    const number = phoneNumber();
    twilio.own(number);
    twilio.failNext({ status: 200, delayMs: 3_000 });
    const started = Date.now();
    const failure = await lookupIncomingNumber(client, number, 300).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure as Error).message).toMatch(/did not answer within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('lets one organization only claim a number, even one the account owns', async () => {
    const first = await registerUser(api);
    const second = await registerUser(api);
    const number = phoneNumber();
    const sid = twilio.own(number);
    await gqlOk(api, ADD, { input: { number } }, first.accessToken);
    const error = await gqlError(api, ADD, { input: { number } }, second.accessToken);
    expect(error.code).toBe('CONFLICT');
    expect(await listed(second)).toEqual([]);
    expect(await rowsOf(number)).toEqual([
      { organization_id: first.organizationId, twilio_sid: sid },
    ]);
  });

  it('checks the role before asking Twilio anything', async () => {
    const owner = await registerUser(api);
    const agent = await addMemberWithRole(api, owner, 'AGENT');
    const number = phoneNumber();
    twilio.own(number);
    const error = await gqlError(api, ADD, { input: { number } }, agent.accessToken);
    expect(error.code).toBe('FORBIDDEN');
    expect(twilio.lookupsOf(number)).toEqual([]);
    expect(await rowsOf(number)).toEqual([]);
  });

  describe('without Twilio configured (embedded, development)', () => {
    let plain: TestApp;

    beforeAll(async () => {
      plain = await startApi({
        env: { TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', TWILIO_API_BASE_URL: '' },
      });
    });
    afterAll(() => plain?.close());

    it('stores the number unverified, with no SID, and asks Twilio nothing', async () => {
      const owner = await registerUser(plain);
      const number = phoneNumber();
      const { addPhoneNumber } = await gqlOk(plain, ADD, { input: { number } }, owner.accessToken);
      expect(addPhoneNumber).toMatchObject({ number, twilioSid: null });
      expect(twilio.lookupsOf(number)).toEqual([]);
      expect(await rowsOf(number)).toEqual([
        { organization_id: owner.organizationId, twilio_sid: null },
      ]);
      // Still one organization per number.
      const other = await registerUser(plain);
      const error = await gqlError(plain, ADD, { input: { number } }, other.accessToken);
      expect(error.code).toBe('CONFLICT');
    });
  });
});
