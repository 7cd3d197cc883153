import { Account, addMemberWithRole, gqlOk, registerUser, RoleName } from './identity.factory';
import { phoneNumber } from './calls.factory';

export const UPDATE_PROFILE = `mutation ($input: UpdateProfileInput!) {
  updateProfile(input: $input) { id name phone timezone }
}`;
export const ADD_PHONE_NUMBER = `mutation ($input: AddPhoneNumberInput!) {
  addPhoneNumber(input: $input) { id number voiceAssistant smsAssistant }
}`;
export const UPDATE_PHONE_NUMBER = `mutation ($id: ID!, $input: UpdatePhoneNumberInput!) {
  updatePhoneNumber(id: $id, input: $input) { id number voiceAssistant smsAssistant campaign { id } }
}`;

/** A member who can use the phone assistant: a profile phone and a voice PIN. */
export interface PhoneMember extends Account {
  phone: string;
  pin: string;
}

/** Gives `account` a profile phone (a fresh one unless given) and a voice PIN. */
export async function givePhoneAndPin(
  api: { graphqlUrl: string },
  account: Account,
  pin: string,
  phone = phoneNumber(),
  timezone?: string,
): Promise<PhoneMember> {
  await gqlOk(
    api,
    UPDATE_PROFILE,
    { input: { phone, ...(timezone ? { timezone } : {}) } },
    account.accessToken,
  );
  await gqlOk(
    api,
    'mutation ($pin: String!) { setVoicePin(pin: $pin) { id } }',
    { pin },
    account.accessToken,
  );
  return { ...account, phone, pin };
}

export interface PhoneOrganization {
  owner: Account;
  /** The organization's number, with the voice and SMS assistant switched on. */
  number: string;
  phoneNumberId: string;
  /** One member per role asked for, each with a phone and a PIN. */
  members: Record<string, PhoneMember>;
}

/**
 * An organization with an assistant number (voice and SMS on) and members who
 * can call it: `roles` maps a label to a role and PIN, e.g.
 * `{ agent: ['AGENT', '4826'] }`.
 */
export async function phoneOrganization(
  api: { graphqlUrl: string },
  roles: Record<string, [RoleName, string]>,
  options: {
    voiceAssistant?: boolean;
    smsAssistant?: boolean;
    timezone?: string;
    /** The number to add (e.g. one a fake Twilio account owns); a fresh one unless given. */
    number?: string;
  } = {},
): Promise<PhoneOrganization> {
  const owner = await registerUser(api);
  const number = options.number ?? phoneNumber();
  const added = await gqlOk<{ addPhoneNumber: { id: string } }>(
    api,
    ADD_PHONE_NUMBER,
    {
      input: {
        number,
        voiceAssistant: options.voiceAssistant ?? true,
        smsAssistant: options.smsAssistant ?? true,
      },
    },
    owner.accessToken,
  );
  const members: Record<string, PhoneMember> = {};
  for (const [label, [role, pin]] of Object.entries(roles)) {
    const account = role === 'OWNER' ? owner : await addMemberWithRole(api, owner, role);
    members[label] = await givePhoneAndPin(api, account, pin, undefined, options.timezone);
  }
  return { owner, number, phoneNumberId: added.addPhoneNumber.id, members };
}
