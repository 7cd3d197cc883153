import { rawTaskServer, rawWsServer } from './baselines';
import { serve } from './load-ipc';

/**
 * bench:load's baseline process: the raw graphql-js + pg server and the bare
 * `ws` broadcaster, in a process of their own so their memory is measured
 * alone, as the api's is.
 */
let http: Awaited<ReturnType<typeof rawTaskServer>> | undefined;
let ws: Awaited<ReturnType<typeof rawWsServer>> | undefined;

serve({
  startHttp: async ({ databaseUrl, organizationId, creatorId }) => {
    http ??= await rawTaskServer(databaseUrl as string, {
      organizationId: organizationId as string,
      creatorId: creatorId as string,
    });
    return { url: http.url };
  },
  startWs: async () => {
    ws ??= await rawWsServer();
    return { url: ws.url };
  },
  clients: () => ws?.server.clients.size ?? 0,
  broadcast: ({ payload }) => ({
    startedAt: ws!.broadcast(payload as string),
    clients: ws!.server.clients.size,
  }),
  memory: async ({ gc }) => {
    for (let i = 0; gc && global.gc && i < 3; i += 1) {
      global.gc();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return process.memoryUsage();
  },
  stop: async () => {
    await http?.close();
    await ws?.close();
    http = undefined;
    ws = undefined;
  },
});
