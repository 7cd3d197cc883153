import { rawTaskServer, rawWsServer } from './baselines';
import { serve } from './load-ipc';

/**
 * bench:load's baseline process: the raw graphql-js + pg server and the bare
 * `ws` broadcaster, in a process of their own so their memory is measured
 * alone, as the api's is.
 */
let http: ReturnType<typeof rawTaskServer> | undefined;
let ws: ReturnType<typeof rawWsServer> | undefined;

serve({
  startHttp: async ({ databaseUrl, organizationId, creatorId }) => {
    http ??= rawTaskServer(databaseUrl as string, {
      organizationId: organizationId as string,
      creatorId: creatorId as string,
    });
    return { url: (await http).url };
  },
  startWs: async () => {
    ws ??= rawWsServer();
    return { url: (await ws).url };
  },
  clients: async () => (ws ? (await ws).server.clients.size : 0),
  broadcast: async ({ payload }) => {
    const server = await ws!;
    return { startedAt: server.broadcast(payload as string), clients: server.server.clients.size };
  },
  memory: async ({ gc }) => {
    for (let i = 0; gc && global.gc && i < 3; i += 1) {
      global.gc();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return process.memoryUsage();
  },
  stop: async () => {
    const [stopping, closing] = [http, ws];
    http = undefined;
    ws = undefined;
    await (await stopping)?.close();
    await (await closing)?.close();
  },
});
