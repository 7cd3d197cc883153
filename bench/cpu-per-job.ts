import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';

/** CPU time per job of one phase, in µs, by process. */
export interface CpuPerJob {
  /** This process (the api and worker contexts of the benchmark): process.cpuUsage. */
  node: number;
  /** The PostgreSQL backends connected to the benchmark's own database. */
  postgres: number | null;
  /** The redis-server process (shared with anything else using that Redis). */
  redis: number | null;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
export const TICK_US = 10_000;

/** utime + stime of a process, in clock ticks (0 when it is gone). */
export function ticksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

function redisPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('redis');
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

/**
 * Measures the CPU time `run` costs per job in this process, in the
 * PostgreSQL backends of the benchmark's database (other databases' work on
 * the same server is not counted) and in redis-server. PostgreSQL and Redis
 * figures need Linux's /proc and a server on this machine; they are null
 * otherwise. Background PostgreSQL processes (WAL writer, checkpointer,
 * autovacuum) are not counted: they are shared with every database.
 */
export async function cpuPerJob<T>(
  dataSource: DataSource,
  jobs: number,
  run: () => Promise<T>,
): Promise<{ result: T; cpu: CpuPerJob }> {
  const backends = async (): Promise<number[]> =>
    (
      await dataSource.query<Array<{ pid: number }>>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend'`,
      )
    ).map((row) => row.pid);
  const proc = existsSync('/proc/self/stat');
  const redis = redisPids();
  const postgresBefore = new Map((await backends()).map((pid) => [pid, ticksOf(pid)]));
  const redisBefore = redis.reduce((sum, pid) => sum + ticksOf(pid), 0);
  const nodeBefore = process.cpuUsage();
  const result = await run();
  const node = process.cpuUsage(nodeBefore);
  // A backend opened during the run counts from zero.
  const postgresTicks = (await backends()).reduce(
    (sum, pid) => sum + ticksOf(pid) - (postgresBefore.get(pid) ?? 0),
    0,
  );
  const redisTicks = redis.reduce((sum, pid) => sum + ticksOf(pid), 0) - redisBefore;
  return {
    result,
    cpu: {
      node: (node.user + node.system) / jobs,
      postgres: proc && postgresBefore.size > 0 ? (postgresTicks * TICK_US) / jobs : null,
      redis: proc && redis.length > 0 ? (redisTicks * TICK_US) / jobs : null,
    },
  };
}

export const formatCpu = (cpu: CpuPerJob): string =>
  [
    `node ${cpu.node.toFixed(0)}`,
    `postgres ${cpu.postgres === null ? '–' : cpu.postgres.toFixed(0)}`,
    `redis ${cpu.redis === null ? '–' : cpu.redis.toFixed(0)}`,
  ].join(', ') + ' µs/job';
