import { keyedE164, spokenDigits } from './spoken-digits';

describe('spokenDigits', () => {
  it.each([
    ['four eight two six', '4826'],
    ['for ate to six', '4826'],
    ['Four, eight, two, six.', '4826'],
    ['4826', '4826'],
    ['4 8 26', '4826'],
    ['48 26.', '4826'],
    ['oh niner one too', '0912'],
    ['zero nine won tree', '0913'],
    ['my pin is four eight two six', '4826'],
    ['double four seven eight', '4478'],
    ['triple oh one', '0001'],
    ['four-eight-two-six', '4826'],
    ['uh fore fife sicks seven', '4567'],
  ])('reads %p as %p', (spoken, digits) => {
    expect(spokenDigits(spoken)).toBe(digits);
  });

  it.each([[''], [null], [undefined], ['hello there'], ['...']])(
    'finds no digits in %p',
    (text) => {
      expect(spokenDigits(text)).toBeNull();
    },
  );
});

describe('keyedE164', () => {
  it('reads ten digits as a North American number and longer ones with their country code', () => {
    expect(keyedE164('4155550123')).toBe('+14155550123');
    expect(keyedE164('14155550123')).toBe('+14155550123');
    expect(keyedE164('447700900123')).toBe('+447700900123');
    expect(keyedE164('415 555 0123#')).toBe('+14155550123');
  });

  it('refuses too short, too long or trunk-prefixed numbers', () => {
    expect(keyedE164('5550123')).toBeNull();
    expect(keyedE164('1234567890123456')).toBeNull();
    expect(keyedE164('07700900123')).toBeNull();
    expect(keyedE164('')).toBeNull();
    expect(keyedE164(undefined)).toBeNull();
  });
});
