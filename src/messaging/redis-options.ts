export interface RedisEndpoint {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: Record<string, never>;
}

/** Connection options (for ioredis and BullMQ) from a redis:// or rediss:// URL. */
export function redisOptionsFromUrl(url: string): RedisEndpoint {
  const parsed = new URL(url);
  const database = parsed.pathname.replace('/', '');
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: database ? Number(database) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * Closes an ioredis client without hanging: QUIT when connected (flushes
 * pending commands), otherwise drop the connection attempt at once.
 */
export async function closeRedis(client: {
  status: string;
  quit(): Promise<unknown>;
  disconnect(): void;
}): Promise<void> {
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
  } else if (client.status !== 'end') {
    client.disconnect();
  }
}
