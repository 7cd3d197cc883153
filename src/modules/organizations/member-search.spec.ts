import { memberSearchPatterns } from './member-search';

describe('memberSearchPatterns', () => {
  it('makes one substring pattern per word', () => {
    expect(memberSearchPatterns('  Dana   Scully ')).toEqual(['%Dana%', '%Scully%']);
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(memberSearchPatterns('50%_a\\b')).toEqual(['%50\\%\\_a\\\\b%']);
  });

  it('is empty for a blank or missing query', () => {
    expect(memberSearchPatterns('')).toEqual([]);
    expect(memberSearchPatterns('   ')).toEqual([]);
    expect(memberSearchPatterns(undefined)).toEqual([]);
    expect(memberSearchPatterns(null)).toEqual([]);
  });

  it('looks at five words at most', () => {
    expect(memberSearchPatterns('a b c d e f g')).toHaveLength(5);
  });
});
