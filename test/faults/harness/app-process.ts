import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, WriteStream } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { waitFor } from './ports';

export type AppKind = 'api' | 'worker';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the signal that ended it (terminate) to the exit. */
  ms: number;
}

const ROOT = join(__dirname, '..', '..', '..');
const COMPILED: Record<AppKind, string> = {
  api: join(ROOT, 'dist', 'src', 'main.js'),
  worker: join(ROOT, 'dist', 'src', 'worker.js'),
};
const SOURCE: Record<AppKind, string> = {
  api: join(ROOT, 'src', 'main.ts'),
  worker: join(ROOT, 'src', 'worker.ts'),
};

/** How the processes start: the build from `npm run build` (global setup), or ts-node when FAULTS_TS_NODE=1. */
function command(kind: AppKind): string[] {
  if (process.env.FAULTS_TS_NODE !== '1' && existsSync(COMPILED[kind])) return [COMPILED[kind]];
  return ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', SOURCE[kind]];
}

/**
 * The api (`src/main.ts`) or the worker (`src/worker.ts`) as a child process
 * with the suite's environment: started, SIGKILLed, SIGTERMed and started
 * again by the tests. Output goes to `<dir>/<name>.log`, kept across restarts.
 */
export class AppProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<ExitInfo> | undefined;
  private output = '';
  private log: WriteStream;
  starts = 0;

  constructor(
    readonly kind: AppKind,
    readonly name: string,
    private readonly env: () => Record<string, string>,
    dir: string,
    readonly port = 0,
    /** When set, the process listens for Node's inspector here (for `retainedMemory`). */
    readonly inspectPort?: number,
  ) {
    this.log = createWriteStream(join(dir, `${name}.log`), { flags: 'a' });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get graphqlUrl(): string {
    return `${this.url}/graphql`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/graphql`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts the process and waits until it is ready: the api answers /health/ready 200, the worker logs "worker running". */
  async start({ waitReady = true, timeoutMs = 120_000 } = {}): Promise<this> {
    if (this.child) throw new Error(`${this.name} is already running`);
    this.starts += 1;
    this.output = '';
    this.log.write(`\n===== ${this.name} start #${this.starts} at ${new Date().toISOString()}\n`);
    const env = {
      ...this.env(),
      ...(this.kind === 'api' ? { PORT: String(this.port), HOST: '127.0.0.1' } : {}),
    };
    const inspect = this.inspectPort ? [`--inspect=127.0.0.1:${this.inspectPort}`] : [];
    const child = spawn(process.execPath, [...inspect, ...command(this.kind)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const onData = (chunk: Buffer): void => {
      this.log.write(chunk);
      this.output = (this.output + chunk.toString('utf8')).slice(-200_000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let signalledAt = 0;
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (this.child === child) this.child = undefined;
        this.log.write(`\n===== ${this.name} exited code=${code} signal=${signal}\n`);
        resolve({ code, signal, ms: signalledAt ? Date.now() - signalledAt : 0 });
      }),
    );
    this.markSignal = () => {
      signalledAt = Date.now();
    };
    if (waitReady) await this.waitUntilStarted(timeoutMs);
    return this;
  }

  private markSignal: () => void = () => undefined;

  private async waitUntilStarted(timeoutMs: number): Promise<void> {
    await waitFor(
      async () => {
        if (!this.child)
          throw new Error(`${this.name} exited while starting:\n${this.output.slice(-4000)}`);
        if (this.kind === 'worker')
          return this.output.includes('worker running') ? true : undefined;
        return (await this.readiness()) === 200 ? true : undefined;
      },
      { timeoutMs, intervalMs: 200, what: `${this.name} to start` },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- ${this.name} output ---\n${this.output.slice(-4000)}`);
    });
  }

  /** HTTP status of GET /health/ready (0 when nothing answers). */
  async readiness(): Promise<number> {
    try {
      const response = await fetch(`${this.url}/health/ready`, {
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  /** SIGKILL: the process dies mid-work, locks and leases left behind. */
  async kill(): Promise<ExitInfo> {
    return this.signal('SIGKILL');
  }

  /** Sends `signal` and waits (at most `timeoutMs`, then SIGKILL) for the exit. */
  async signal(signal: NodeJS.Signals, timeoutMs = 120_000): Promise<ExitInfo> {
    const child = this.child;
    if (!child || !this.exit) throw new Error(`${this.name} is not running`);
    this.markSignal();
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }

  async restart(): Promise<this> {
    if (this.child) await this.kill();
    return this.start();
  }

  /**
   * What the process still holds after a full garbage collection: the V8
   * heap in use plus memory outside it (Buffers: sockets' unsent data among
   * them), from `process.memoryUsage()` read through Node's inspector
   * protocol (`HeapProfiler.collectGarbage`, then `Runtime.evaluate`). RSS
   * alone says little about a leak, since V8 collects its old space lazily and
   * keeps the pages it grew into. Needs the process started with an
   * `inspectPort`.
   */
  async retainedMemory(): Promise<{ heapUsed: number; external: number; rss: number }> {
    if (!this.inspectPort || !this.child)
      throw new Error(`${this.name}: not running with an inspector`);
    const targets = (await (
      await fetch(`http://127.0.0.1:${this.inspectPort}/json/list`)
    ).json()) as { webSocketDebuggerUrl: string }[];
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    let nextId = 0;
    const send = (method: string, params: Record<string, unknown> = {}): Promise<unknown> => {
      const id = (nextId += 1);
      return new Promise((resolve, reject) => {
        const onMessage = (data: Buffer): void => {
          const message = JSON.parse(data.toString('utf8')) as {
            id?: number;
            result?: unknown;
            error?: { message: string };
          };
          if (message.id !== id) return;
          socket.off('message', onMessage);
          if (message.error) reject(new Error(`${method}: ${message.error.message}`));
          else resolve(message.result);
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, method, params }));
      });
    };
    try {
      await send('HeapProfiler.collectGarbage');
      const evaluated = (await send('Runtime.evaluate', {
        expression: 'process.memoryUsage()',
        returnByValue: true,
      })) as { result: { value: NodeJS.MemoryUsage } };
      const { heapUsed, external, rss } = evaluated.result.value;
      return { heapUsed, external, rss };
    } finally {
      socket.close();
    }
  }

  /** The output since the last start (for diagnostics in failure messages). */
  recentOutput(chars = 4000): string {
    return this.output.slice(-chars);
  }

  async stop(): Promise<void> {
    if (this.child) await this.signal('SIGKILL');
    await new Promise((resolve) => this.log.end(resolve));
  }
}
