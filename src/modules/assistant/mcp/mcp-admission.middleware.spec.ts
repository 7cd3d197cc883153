import { originAllowed } from './mcp-admission.middleware';
import { bearerChallenge } from './mcp-exception.filter';

describe('originAllowed', () => {
  const allowed = ['http://localhost:5173', 'https://app.example.com'];

  it('lets requests without an Origin through (CLI and desktop clients)', () => {
    expect(originAllowed(undefined, allowed)).toBe(true);
  });

  it('allows exactly the configured origins', () => {
    expect(originAllowed('http://localhost:5173', allowed)).toBe(true);
    expect(originAllowed('https://app.example.com/', allowed)).toBe(true);
    expect(originAllowed('http://localhost:5174', allowed)).toBe(false);
    expect(originAllowed('https://app.example.com.evil.test', allowed)).toBe(false);
    expect(originAllowed('http://app.example.com', allowed)).toBe(false);
    expect(originAllowed('null', allowed)).toBe(false);
    expect(originAllowed('', allowed)).toBe(false);
  });
});

describe('bearerChallenge', () => {
  it('names the token invalid only when one was sent (RFC 6750)', () => {
    expect(bearerChallenge({ headers: {} })).toBe('Bearer realm="switchboard"');
    expect(bearerChallenge({ headers: { authorization: 'Bearer nope' } })).toMatch(
      /^Bearer realm="switchboard", error="invalid_token"/,
    );
  });
});
