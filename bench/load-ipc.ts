import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/**
 * Request/answer over a child process's IPC channel, for bench:load's load
 * generators and raw servers (each a process of its own, so the api's CPU
 * and memory are its own).
 */

interface Answer {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** In the child: answers each `{ id, cmd, ... }` with its handler's result. */
export function serve(
  // Each handler declares the fields its command carries.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handlers: Record<string, (request: any) => unknown>,
): void {
  process.on('message', (request: { id: number; cmd: string }) => {
    const handler = handlers[request.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${request.cmd}`);
        return handler(request);
      })
      .then(
        (result) => process.send!({ id: request.id, ok: true, result } satisfies Answer),
        (error: unknown) =>
          process.send!({
            id: request.id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          } satisfies Answer),
      );
  });
  process.on('disconnect', () => process.exit(0));
}

/** In the parent: a forked bench script (compiled next to this file) and its commands. */
export class BenchChild {
  private readonly child: ChildProcess;
  private next = 1;
  private readonly waiting = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void }
  >();

  constructor(script: string, label: string) {
    this.child = fork(join(__dirname, script), [], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BENCH_CHILD: label },
    });
    this.child.on('message', (answer: Answer) => {
      const waiter = this.waiting.get(answer.id);
      if (!waiter) return;
      this.waiting.delete(answer.id);
      if (answer.ok) waiter.resolve(answer.result);
      else waiter.reject(new Error(`${label}: ${answer.error}`));
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.values()) {
        waiter.reject(new Error(`${label} exited with code ${code}`));
      }
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: (value) => resolve(value as T), reject });
      this.child.send({ id, cmd, ...args });
    });
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
