/**
 * The load generator of `bench:tasks`, forked as a process of its own so the
 * servers' CPU figures are theirs alone. Each message from the parent is one
 * round: CONCURRENCY clients POST the query for `seconds`; the answer is the
 * number of good answers and the p99 latency. Every answer must hold 50 nodes.
 */
interface Round {
  url: string;
  headers: Record<string, string>;
  query: string;
  seconds: number;
  concurrency: number;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function round({ url, headers, query, seconds, concurrency }: Round) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const body = JSON.stringify({ query });
  const client = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      const answer = (await response.json()) as { data?: { tasks: { nodes: unknown[] } } };
      if (answer.data?.tasks.nodes.length !== 50)
        throw new Error(`bad answer: ${JSON.stringify(answer).slice(0, 300)}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { requests: latencies.length, p99: percentile(latencies, 99) };
}

process.on('message', (message: Round) => {
  round(message).then(
    (result) => process.send?.({ ok: true, ...result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }),
  );
});
