import { luhnValid, redactTranscript } from './transcript-redaction';

type Line = { speaker: 'AGENT' | 'CUSTOMER'; text: string };
const customer = (text: string): Line => ({ speaker: 'CUSTOMER', text });
const agent = (text: string): Line => ({ speaker: 'AGENT', text });

/** The redacted text of one customer line. */
const redact = (text: string): string => redactTranscript([customer(text)]).segments[0].text;
const count = (...lines: Line[]) => redactTranscript(lines).redactions;

describe('luhnValid', () => {
  it('accepts test card numbers and refuses a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('5555555555554444')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('41111a')).toBe(false);
  });
});

describe('redactTranscript: card numbers', () => {
  it.each([
    ['4111111111111111', 'My card is [card number], thanks.'],
    ['4111 1111 1111 1111', 'My card is [card number], thanks.'],
    ['4111-1111-1111-1111', 'My card is [card number], thanks.'],
    ['3782 822463 10005', 'My card is [card number], thanks.'],
    ['5555 5555 5555 4444', 'My card is [card number], thanks.'],
  ])('redacts %s written', (number, expected) => {
    expect(redact(`My card is ${number}, thanks.`)).toBe(expected);
  });

  it('redacts a card number spoken digit by digit', () => {
    const text = 'sure it is four one one one one one one one one one one one one one one one okay';
    expect(redact(text)).toBe('sure it is [card number] okay');
  });

  it('reads oh, double, triple, teens and tens as digits', () => {
    // 4111 1111 1111 1111 said in several ways.
    expect(redact('it is forty-one eleven, eleven eleven, eleven eleven, eleven eleven')).toBe(
      'it is [card number]',
    );
    expect(redact('four triple one, double one double one, one one one one, one one one one')).toBe(
      '[card number]',
    );
    // 5105 1051 0510 5100 (a Mastercard test number), with "oh".
    expect(redact('five one oh five one oh five one oh five one oh five one oh oh')).toBe(
      '[card number]',
    );
  });

  it('redacts a card number mixing written groups and words, with fillers', () => {
    expect(redact('4111 1111 um 1111 one one one one')).toBe('[card number]');
  });

  it('keeps a 16-digit order number that fails the Luhn check, written or spoken', () => {
    expect(redact('Order number 4111 1111 1111 1112 shipped.')).toBe(
      'Order number 4111 1111 1111 1112 shipped.',
    );
    const spoken =
      'the order is one two three four five six seven eight nine oh one two three four five six';
    expect(redact(spoken)).toBe(spoken);
    // 4234 5678 9012 3457: a Visa-like prefix, failing Luhn.
    const spokenFour =
      'order four two three four five six seven eight nine oh one two three four five seven';
    expect(redact(spokenFour)).toBe(spokenFour);
  });

  it('finds a card number said across two segments of the same speaker, counted once', () => {
    const result = redactTranscript([
      customer('okay it is four one one one one one one one'),
      customer('one one one one one one one one and that is it'),
    ]);
    expect(result.segments.map((segment) => segment.text)).toEqual([
      'okay it is [card number]',
      '[card number] and that is it',
    ]);
    expect(result.redactions).toBe(1);
    expect(result.byKind.card).toBe(1);
  });

  it('does not join digits across segments of different speakers', () => {
    const lines = [
      customer('it starts four one one one one one one one'),
      agent('one one one one one one one one'),
    ];
    expect(redactTranscript(lines).segments.map((segment) => segment.text)).toEqual(
      lines.map((line) => line.text),
    );
  });

  it('keeps the rest of the segment and other segments intact', () => {
    const result = redactTranscript([
      agent('Thank you for calling Acme, how can I help?'),
      customer('Pay with 4111 1111 1111 1111 please'),
    ]);
    expect(result.segments[0]).toEqual(agent('Thank you for calling Acme, how can I help?'));
    expect(result.segments[1]).toEqual(customer('Pay with [card number] please'));
  });
});

describe('redactTranscript: security codes and expiry dates', () => {
  it('redacts the expiry date and code said after a card number', () => {
    expect(redact('4111 1111 1111 1111, 09/27, 123')).toBe(
      '[card number], [expiry date], [security code]',
    );
    expect(
      redact(
        'four one one one one one one one one one one one one one one one oh nine twenty seven one two three',
      ),
    ).toBe('[card number] [expiry date] [security code]');
  });

  it('redacts a code and an expiry date named by keywords, in words and figures', () => {
    expect(redact('the security code is seven three one')).toBe(
      'the security code is [security code]',
    );
    expect(redact('CVV: 7310')).toBe('CVV: [security code]');
    expect(redact('it expires oh nine twenty seven')).toBe('it expires [expiry date]');
    expect(redact('expires 09/27')).toBe('expires [expiry date]');
    expect(redact('expiry date is 09/2027')).toBe('expiry date is [expiry date]');
    expect(redact('expiration September twenty seven')).toBe('expiration [expiry date]');
    expect(redact('seven three one is the cvv')).toBe('[security code] is the cvv');
  });

  it('tells an expiry date from a code by the nearest keyword, the one before winning a tie', () => {
    expect(redact('card 4111111111111111 exp 0927 cvv 123')).toBe(
      'card [card number] exp [expiry date] cvv [security code]',
    );
    expect(redact('4111 1111 1111 1111 0927 123')).toBe(
      '[card number] [expiry date] [security code]',
    );
    expect(redact('the card is 4111 1111 1111 1111, expiration oh nine slash twenty seven')).toBe(
      'the card is [card number], expiration [expiry date]',
    );
    expect(redact('6011 0009 9013 9424 and it expires in March 2029')).toBe(
      '[card number] and it expires in [expiry date]',
    );
    expect(redact('amex 3782 822463 10005, the four digit code on the front is 1234')).toBe(
      'amex [card number], the four digit code on the front is [security code]',
    );
  });

  it("takes the agent's question as the keyword for the customer's answer", () => {
    const result = redactTranscript([
      agent("And what's the three digit security code on the back?"),
      customer('uh it is seven three one'),
      agent('And the expiry?'),
      customer('oh nine twenty seven'),
    ]);
    expect(result.segments.map((segment) => segment.text)).toEqual([
      "And what's the three digit security code on the back?",
      'uh it is [security code]',
      'And the expiry?',
      '[expiry date]',
    ]);
    expect(result.byKind).toMatchObject({ securityCode: 1, expiry: 1 });
  });

  it('keeps dates, amounts and short numbers said away from card words', () => {
    for (const text of [
      'I called on 09/27 and nobody answered',
      'the meeting is on 2026-05-01 at 10:30',
      'it was delivered 05/01/2026',
      'room 731 on the third floor',
      'I was charged 123 dollars twice',
    ]) {
      expect(redact(text)).toBe(text);
    }
  });

  it('keeps an amount said next to a card number', () => {
    expect(redact('card 4111 1111 1111 1111 was charged $123.45 and 250 dollars')).toBe(
      'card [card number] was charged $123.45 and 250 dollars',
    );
  });
});

describe('redactTranscript: social security numbers', () => {
  it('redacts ###-##-#### anywhere', () => {
    expect(redact('it is 123-45-6789 I think')).toBe('it is [ssn] I think');
  });

  it('redacts nine digits, written or spoken, near social or SSN', () => {
    expect(redact('my social is one two three four five six seven eight nine')).toBe(
      'my social is [ssn]',
    );
    expect(redact('SSN 123456789')).toBe('SSN [ssn]');
    expect(redact('last four of my social security are six seven eight nine')).toBe(
      'last four of my social security are [ssn]',
    );
  });

  it('redacts an SSN the customer says across two segments, after the agent asks', () => {
    const result = redactTranscript([
      agent('Can I have your social security number?'),
      customer('sure, one two three'),
      customer('four five, six seven eight nine'),
    ]);
    expect(result.segments.map((segment) => segment.text)).toEqual([
      'Can I have your social security number?',
      'sure, [ssn]',
      '[ssn]',
    ]);
    expect(result.byKind.ssn).toBe(1);
  });

  it('keeps nine digits with no social security word near, and invalid SSN shapes', () => {
    expect(redact('tracking 123456789 arrived')).toBe('tracking 123456789 arrived');
    expect(redact('code 000-12-3456')).toBe('code 000-12-3456');
  });
});

describe('redactTranscript: bank account numbers', () => {
  it('redacts account and routing numbers, written or spoken', () => {
    expect(redact('my account number is 12345678901')).toBe(
      'my account number is [account number]',
    );
    expect(redact('routing number oh two one oh oh oh oh two one')).toBe(
      'routing number [account number]',
    );
    expect(redact('checking account 0012-3456-789')).toBe('checking account [account number]');
  });

  it('keeps phone numbers, zip codes and PINs said with no card words near', () => {
    for (const text of [
      'call me at 415 555 0100 tomorrow',
      'my number is four one five five five five oh one oh oh',
      'we are open 9 to 5, call 1 800 555 1234',
      'order 1234567890123456 and zip code 94103',
      'I paid 1200 on 4/15',
      'oh okay, oh I see, one moment',
    ]) {
      expect(redact(text)).toBe(text);
    }
  });

  it('keeps a phone number, even after "account"', () => {
    for (const text of [
      'call me back at (555) 123-4567',
      'my number is 555-123-4567',
      'about my account, call +1 555 123 4567',
      'account phone is 555.123.4567',
    ]) {
      expect(redact(text)).toBe(text);
    }
  });

  it('keeps short numbers and amounts near account words', () => {
    expect(redact('my account balance is 12345 points')).toBe('my account balance is 12345 points');
    expect(redact('account number? I owe $1,234,567.89')).toBe(
      'account number? I owe $1,234,567.89',
    );
  });
});

describe('redactTranscript: counting', () => {
  it('counts each number once and leaves an empty transcript alone', () => {
    expect(
      count(
        customer('card 4111 1111 1111 1111 expires 09/27 code 123'),
        customer('and my social is 123-45-6789'),
      ),
    ).toBe(4);
    expect(redactTranscript([])).toEqual({
      segments: [],
      redactions: 0,
      byKind: { card: 0, securityCode: 0, expiry: 0, ssn: 0, account: 0 },
    });
  });

  it('returns the same segment objects when nothing is redacted', () => {
    const line = customer('nothing to see here, order 42');
    expect(redactTranscript([line]).segments[0]).toBe(line);
  });
});
