import WebSocket from 'ws';

/**
 * A graphql-ws (graphql-transport-ws) client that subscribes and then stops
 * reading its socket (ws's pause()): the server's sends pile up unless it
 * bounds what it buffers for a slow reader.
 */
export async function stalledSubscriber(
  wsUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<WebSocket> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no connection_ack')), 10_000);
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string };
      if (message.type === 'connection_ack') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
  await new Promise((resolve) => setTimeout(resolve, 500));
  socket.pause();
  return socket;
}
