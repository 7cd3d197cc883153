import { parseAllowedHosts } from '@/config/allowed-hosts';
import { classifyAddress } from './outbound-address';
import { OutboundGuard, OutboundRefusedError, OutboundResolver } from './outbound-guard';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['fd00::1', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['64:ff9b::7f00:1', 'rfc6052'],
  ])('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toMatchObject({ range, allowed: false });
  });

  it.each(['8.8.8.8', '52.3.4.5', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(classifyAddress(address)).toMatchObject({ range: 'unicast', allowed: true });
    },
  );

  it('refuses what is not an address', () => {
    expect(classifyAddress('hooks.slack.com')).toMatchObject({ allowed: false });
  });
});

describe('parseAllowedHosts', () => {
  it('reads host[:port] entries in the URL parser’s form', () => {
    expect(parseAllowedHosts(' 127.0.0.1:45123, Example.COM ,[::1]:8080,')).toEqual([
      { host: '127.0.0.1', port: 45123 },
      { host: 'example.com', port: 443 },
      { host: '::1', port: 8080 },
    ]);
    expect(parseAllowedHosts('0x7f.1:80')).toEqual([{ host: '127.0.0.1', port: 80 }]);
    expect(parseAllowedHosts(undefined)).toEqual([]);
  });

  it.each(['http://x:1', 'x:99999', 'a b:1', 'x:y', '[zz]:1'])('refuses "%s"', (entry) => {
    expect(() => parseAllowedHosts(entry)).toThrow(/is not host\[:port\]/);
  });
});

describe('OutboundGuard (refusals before any byte is sent)', () => {
  const resolver =
    (table: Record<string, string[]>): OutboundResolver =>
    (hostname) =>
      Promise.resolve(
        (table[hostname] ?? []).map((address) => ({
          address,
          family: address.includes(':') ? 6 : 4,
        })),
      );
  let guard: OutboundGuard;

  beforeEach(() => {
    guard = new OutboundGuard({
      allowedHosts: parseAllowedHosts('127.0.0.1:45123'),
      resolve: resolver({
        'evil.example': ['127.0.0.1'],
        'mixed.example': ['93.184.215.14', '10.0.0.5'],
        'metadata.example': ['::ffff:169.254.169.254'],
      }),
      connectTimeoutMs: 500,
      timeoutMs: 1000,
    });
  });
  afterEach(() => guard.close());

  async function refusal(url: string): Promise<OutboundRefusedError> {
    const error = await guard.request(url, { method: 'POST', body: '{}' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OutboundRefusedError);
    return error as OutboundRefusedError;
  }

  it.each([
    'https://127.0.0.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://10.0.0.1/',
    'https://100.64.0.1/',
    'https://[::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://0x7f.1/',
    'https://2130706433/',
    'https://0177.0.0.1/',
  ])('refuses the address of %s', async (url) => {
    expect((await refusal(url)).reason).toBe('address');
  });

  it('refuses a name that resolves to an internal address, at connect time', async () => {
    for (const url of [
      'https://evil.example/services/x',
      'https://mixed.example/',
      'https://metadata.example/',
    ]) {
      const error = await refusal(url);
      expect(error.reason).toBe('address');
      expect(error.message).not.toContain('/services/x');
    }
  });

  it('refuses http:// and other schemes unless the host and port are allow-listed', async () => {
    expect((await refusal('http://93.184.215.14/')).reason).toBe('scheme');
    expect((await refusal('http://127.0.0.1:45124/')).reason).toBe('scheme');
    expect((await refusal('ftp://93.184.215.14/')).reason).toBe('scheme');
    expect((await refusal('file:///etc/passwd')).reason).toBe('scheme');
    expect((await refusal('not a url')).reason).toBe('url');
  });

  it('lets an allow-listed host and port through the checks', () => {
    expect(guard.preflight('http://127.0.0.1:45123/x').port).toBe('45123');
    expect(guard.preflight('https://93.184.215.14/').hostname).toBe('93.184.215.14');
  });
});
