import { prettyLogs } from '@/config/configuration';
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

describe('prettyLogs (LOG_FORMAT)', () => {
  it('is pretty under auto only outside production on a terminal', () => {
    expect(prettyLogs('auto', 'development', true)).toBe(true);
    expect(prettyLogs('auto', 'development', false)).toBe(false);
    expect(prettyLogs('auto', 'production', true)).toBe(false);
  });

  it('follows an explicit choice', () => {
    expect(prettyLogs('json', 'development', true)).toBe(false);
    expect(prettyLogs('pretty', 'production', false)).toBe(true);
  });
});
