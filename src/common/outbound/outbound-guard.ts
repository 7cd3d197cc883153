import { LookupAddress, LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, buildConnector, request } from 'undici';
import { AllowedHost, isAllowedHost, unbracket } from '@/config/allowed-hosts';
import { classifyAddress } from './outbound-address';

/** Why a destination is refused before anything is sent (retrying will not help). */
export type OutboundRefusal = 'url' | 'scheme' | 'address' | 'redirect';
/** Why a permitted request failed. */
export type OutboundFailure = 'connect-timeout' | 'timeout' | 'too-large' | 'network';

/** The destination is not one Switchboard may call: a bad scheme or address, or a redirect. */
export class OutboundRefusedError extends Error {
  override readonly name = 'OutboundRefusedError';

  constructor(
    readonly reason: OutboundRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** A permitted request that did not complete: timed out, answered too much, or failed. */
export class OutboundRequestError extends Error {
  override readonly name = 'OutboundRequestError';

  constructor(
    readonly reason: OutboundFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type OutboundResolver = (
  hostname: string,
) => Promise<ReadonlyArray<{ address: string; family: number }>>;

export interface OutboundGuardOptions {
  /** Host and port pairs exempt from the address check, and the only ones http:// may reach. */
  allowedHosts?: readonly AllowedHost[];
  /** DNS lookup plus TCP and TLS handshakes. */
  connectTimeoutMs?: number;
  /** The whole request, from connect to the last byte of the body. */
  timeoutMs?: number;
  /** A larger response body aborts the request. */
  maxResponseBytes?: number;
  /** Host name resolution; the system resolver by default (tests inject their own). */
  resolve?: OutboundResolver;
}

export interface OutboundRequestInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text(): string;
}

const DEFAULTS = {
  connectTimeoutMs: 5_000,
  timeoutMs: 10_000,
  maxResponseBytes: 1024 * 1024,
};

const systemResolver: OutboundResolver = (hostname) =>
  lookup(hostname, { all: true, verbatim: true });

/**
 * The one way Switchboard calls a URL a tenant supplied (Slack webhooks, and
 * any later webhook): https only; the address is checked when the connection
 * is made — after DNS, so a name that resolves to an internal address is
 * refused and cannot be swapped between check and use — and only public
 * unicast addresses pass; no redirects; connect and total timeouts; a cap on
 * the response body. Hosts in `allowedHosts` (local fakes in tests; refused
 * in production by the configuration) skip the address check and may use
 * http://, nothing else.
 *
 * Error messages name the origin only: a webhook's path is its secret.
 */
export class OutboundGuard {
  private readonly allowedHosts: readonly AllowedHost[];
  private readonly connectTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly resolve: OutboundResolver;
  private readonly plainConnector: buildConnector.connector;
  private readonly checkedConnector: buildConnector.connector;
  private readonly agent: Agent;

  constructor(options: OutboundGuardOptions = {}) {
    this.allowedHosts = options.allowedHosts ?? [];
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
    this.timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULTS.maxResponseBytes;
    this.resolve = options.resolve ?? systemResolver;
    // The connect timeout covers the lookup too: undici starts it before the socket resolves.
    this.plainConnector = buildConnector({ timeout: this.connectTimeoutMs });
    this.checkedConnector = buildConnector({
      timeout: this.connectTimeoutMs,
      lookup: (hostname, options, callback) => this.lookup(hostname, options, callback),
    });
    this.agent = new Agent({
      connect: (connectOptions, callback) => this.connect(connectOptions, callback),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      maxResponseSize: this.maxResponseBytes,
    });
  }

  /** Sends one request; any 3xx is refused, any other status is returned with its body. */
  async request(url: string, init: OutboundRequestInit = {}): Promise<OutboundResponse> {
    const target = this.preflight(url);
    const origin = target.origin;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const response = await request(target, {
        dispatcher: this.agent,
        method: init.method ?? 'GET',
        headers: init.headers,
        body: init.body,
        signal: controller.signal,
      });
      const { statusCode: status, headers } = response;
      if (status >= 300 && status < 400) {
        discard(response.body);
        throw new OutboundRefusedError(
          'redirect',
          `${origin} answered ${status}: redirects are not followed`,
        );
      }
      if (Number(headers['content-length']) > this.maxResponseBytes) {
        discard(response.body);
        throw this.tooLarge(origin);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxResponseBytes) throw this.tooLarge(origin);
        chunks.push(chunk);
      }
      const body = Buffer.concat(chunks);
      return { status, headers, body, text: () => body.toString('utf8') };
    } catch (error) {
      throw this.explain(error, origin, timedOut);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The same request as a WHATWG `fetch`, for provider SDKs that accept one
   * (e.g. `@slack/webhook`'s `fetch` option): the SDK keeps its wire format
   * and error types, the guard decides where it may connect.
   */
  readonly fetch = async (
    input: string | URL | Request,
    init: RequestInit = {},
  ): Promise<Response> => {
    const url = input instanceof Request ? input.url : input.toString();
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    if (
      init.body !== undefined &&
      init.body !== null &&
      typeof init.body !== 'string' &&
      !Buffer.isBuffer(init.body)
    ) {
      throw new TypeError('the outbound guard sends string or Buffer bodies only');
    }
    const response = await this.request(url, {
      method: (init.method ?? 'GET').toUpperCase() as OutboundRequestInit['method'],
      headers,
      body: init.body ?? undefined,
    });
    const answered = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
        answered.append(name, one);
      }
    }
    return new Response(response.status === 204 ? null : response.body, {
      status: response.status,
      headers: answered,
    });
  };

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Nest calls this on shutdown when the guard is a provider. */
  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  /**
   * The URL as the WHATWG parser reads it (so `0x7f.1` and `2130706433` are
   * 127.0.0.1 here), with its scheme and any literal address checked. A host
   * name is checked later, at connect time.
   */
  preflight(url: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new OutboundRefusedError('url', 'not a URL');
    }
    const port = portOf(target.protocol, target.port);
    const allowed = isAllowedHost(this.allowedHosts, target.hostname, port);
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && allowed)) {
      throw new OutboundRefusedError(
        'scheme',
        `${target.protocol}//${target.host}: only https is allowed`,
      );
    }
    const host = unbracket(target.hostname);
    if (!allowed && isIP(host)) this.checkAddress(target.host, host);
    return target;
  }

  /**
   * undici's connector for every new connection: an allow-listed host and
   * port connects as is; anything else must be https, and its address must be
   * public — an IP literal checked here, a name checked in `lookup`, which
   * the socket calls as it connects and which hands it only checked
   * addresses (Node still chooses among them, IPv4 or IPv6).
   */
  private connect(options: buildConnector.Options, callback: buildConnector.Callback): void {
    const port = portOf(options.protocol, options.port);
    if (isAllowedHost(this.allowedHosts, options.hostname, port)) {
      this.plainConnector(options, callback);
      return;
    }
    if (options.protocol !== 'https:') {
      callback(new OutboundRefusedError('scheme', `${options.protocol} is not allowed`), null);
      return;
    }
    if (isIP(options.hostname)) {
      try {
        this.checkAddress(options.hostname, options.hostname);
      } catch (error) {
        callback(error as Error, null);
        return;
      }
    }
    this.checkedConnector(options, callback);
  }

  /** `net.connect`'s lookup: every address the name resolves to must be public. */
  private lookup(
    hostname: string,
    options: LookupOptions,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void {
    this.resolve(hostname).then(
      (resolved) => {
        try {
          if (resolved.length === 0) {
            throw new OutboundRequestError('network', `${hostname} does not resolve`);
          }
          for (const { address } of resolved) this.checkAddress(hostname, address);
        } catch (error) {
          callback(error as Error, []);
          return;
        }
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses = resolved
          .filter((entry) => family === undefined || entry.family === family)
          .map(({ address, family: entryFamily }) => ({ address, family: entryFamily }));
        if (options.all) callback(null, addresses);
        else if (addresses.length > 0) callback(null, addresses[0].address, addresses[0].family);
        else
          callback(new OutboundRequestError('network', `${hostname}: no IPv${family} address`), []);
      },
      (error: Error) => callback(error, []),
    );
  }

  private checkAddress(host: string, address: string): string {
    const verdict = classifyAddress(address);
    if (!verdict.allowed) {
      const resolved = host === address ? '' : ` (resolves to ${verdict.address})`;
      throw new OutboundRefusedError(
        'address',
        `${host}${resolved} is a ${verdict.range} address, not a public one`,
      );
    }
    return address;
  }

  private tooLarge(origin: string): OutboundRequestError {
    return new OutboundRequestError(
      'too-large',
      `${origin} answered more than ${this.maxResponseBytes} bytes`,
    );
  }

  private explain(error: unknown, origin: string, timedOut: boolean): Error {
    if (error instanceof OutboundRefusedError || error instanceof OutboundRequestError) {
      return error;
    }
    const code = (error as { code?: unknown }).code;
    if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new OutboundRequestError('timeout', `${origin} did not answer in time`, {
        cause: error,
      });
    }
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new OutboundRequestError('connect-timeout', `connecting to ${origin} timed out`, {
        cause: error,
      });
    }
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return this.tooLarge(origin);
    const reason = error instanceof Error ? error.message : String(error);
    return new OutboundRequestError('network', `${origin}: ${reason}`, { cause: error });
  }
}

/** Drops an unread body; its abort error has no one to tell. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function portOf(protocol: string, port: string): number {
  return Number(port) || (protocol === 'https:' ? 443 : 80);
}
