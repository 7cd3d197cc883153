/** One `OUTBOUND_ALLOWED_HOSTS` entry: a host (lower case, IPv6 without brackets) and a port. */
export interface AllowedHost {
  host: string;
  port: number;
}

const ENTRY = /^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]/@?#]+)(?::(\d{1,5}))?$/;

/**
 * Parses `host[:port],…` (a missing port means 443). Hosts go through the
 * WHATWG URL parser, as request URLs do, so both sides compare in the same
 * normalised form. Throws on an entry that is not a host and port.
 */
export function parseAllowedHosts(value: string | undefined): AllowedHost[] {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.map((entry) => {
    const match = ENTRY.exec(entry);
    const port = match?.[2] === undefined ? 443 : Number(match[2]);
    if (!match || port < 1 || port > 65535) throw new Error(`"${entry}" is not host[:port]`);
    let hostname: string;
    try {
      hostname = new URL(`https://${match[1]}/`).hostname;
    } catch {
      throw new Error(`"${entry}" is not host[:port]`);
    }
    return { host: unbracket(hostname), port };
  });
}

export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function isAllowedHost(
  allowed: readonly AllowedHost[],
  host: string,
  port: number,
): boolean {
  const bare = unbracket(host).toLowerCase();
  return allowed.some((entry) => entry.host === bare && entry.port === port);
}
