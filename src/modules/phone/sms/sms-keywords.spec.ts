import { SMS_PIN, smsKeyword } from './sms-keywords';

describe('smsKeyword', () => {
  it.each(['STOP', 'stop', ' Stop ', 'unsubscribe', 'Cancel', 'end', 'QUIT', 'stopall'])(
    '%p opts out',
    (body) => expect(smsKeyword(body, false)?.keyword).toBe('STOP'),
  );

  it.each(['START', 'start', 'Unstop'])('%p opts in', (body) =>
    expect(smsKeyword(body, false)?.keyword).toBe('START'),
  );

  it.each(['HELP', 'help', ' Info'])('%p asks for help', (body) =>
    expect(smsKeyword(body, false)?.keyword).toBe('HELP'),
  );

  it.each(['stop please', 'please stop', 'stop.', 'help me', 'started', ''])(
    '%p is not a keyword',
    (body) => expect(smsKeyword(body, false)).toBeNull(),
  );

  it('reads YES as START only from a phone that opted out', () => {
    expect(smsKeyword('yes', false)).toBeNull();
    expect(smsKeyword('Yes', true)?.keyword).toBe('START');
  });

  it('recognises a PIN only as the whole body of 4 to 8 digits', () => {
    expect(SMS_PIN.test('4826')).toBe(true);
    expect(SMS_PIN.test('12345678')).toBe(true);
    expect(SMS_PIN.test('123')).toBe(false);
    expect(SMS_PIN.test('123456789')).toBe(false);
    expect(SMS_PIN.test('pin 4826')).toBe(false);
  });
});
