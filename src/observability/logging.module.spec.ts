import { loggableUrl } from './logging.module';

describe('loggableUrl', () => {
  it('drops the query string of OAuth and webhook routes', () => {
    expect(loggableUrl('/oauth/google/callback?code=4/abc&state=xyz')).toBe(
      '/oauth/google/callback?[redacted]',
    );
    expect(loggableUrl('/webhooks/twilio/status?token=abc')).toBe(
      '/webhooks/twilio/status?[redacted]',
    );
  });

  it('keeps other URLs as they are', () => {
    expect(loggableUrl('/graphql?query=%7B__typename%7D')).toBe('/graphql?query=%7B__typename%7D');
    expect(loggableUrl('/oauthless?x=1')).toBe('/oauthless?x=1');
    expect(loggableUrl('/oauth/google/callback')).toBe('/oauth/google/callback');
  });
});
