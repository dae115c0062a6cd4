/**
 * A project-local MariaDB for development and tests: its own data directory,
 * socket and port under var/, so it never touches a system server.
 * Usage: tsx app/cli/local-mariadb.ts start|stop|status [--port 3307] [--dir var/mariadb]
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: '3307' }, dir: { type: 'string', default: 'var/mariadb' } },
});
const dir = resolve(values.dir!);
const port = values.port!;
const paths = {
  data: `${dir}/data`,
  socket: `${dir}/mysqld.sock`,
  pid: `${dir}/mysqld.pid`,
  log: `${dir}/mysqld.log`,
};

function sql(statement: string): string {
  return execFileSync('mariadb', ['--no-defaults', '-uroot', `--socket=${paths.socket}`, '-N', '-e', statement], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function isRunning(): boolean {
  if (!existsSync(paths.pid)) return false;
  const pid = Number(readFileSync(paths.pid, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function initialise(): void {
  if (existsSync(`${paths.data}/mysql`)) return;
  mkdirSync(paths.data, { recursive: true });
  execFileSync(
    'mariadb-install-db',
    ['--no-defaults', `--datadir=${paths.data}`, `--user=${userInfo().username}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
    { stdio: 'ignore' },
  );
}

async function waitUntilReady(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      sql('SELECT 1');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`MariaDB did not start within ${timeoutMs} ms; see ${paths.log}`);
}

async function start(): Promise<void> {
  initialise();
  if (!isRunning()) {
    const child = spawn(
      'mariadbd',
      [
        '--no-defaults', `--datadir=${paths.data}`, `--socket=${paths.socket}`, `--pid-file=${paths.pid}`,
        `--log-error=${paths.log}`, `--port=${port}`, '--bind-address=127.0.0.1', '--skip-name-resolve',
        `--user=${userInfo().username}`, '--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci',
        '--innodb-buffer-pool-size=256M', '--max-connections=300', '--innodb-flush-log-at-trx-commit=2',
      ],
      { detached: true, stdio: 'ignore' },
    );
    child.unref();
  }
  await waitUntilReady(30_000);
  // A local development user: this instance listens on loopback only and holds no production data.
  sql(
    "CREATE USER IF NOT EXISTS 'vpbx'@'127.0.0.1' IDENTIFIED BY 'vpbx';" +
      "GRANT ALL PRIVILEGES ON `vpbx%`.* TO 'vpbx'@'127.0.0.1';" +
      'CREATE DATABASE IF NOT EXISTS vpbx CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
  );
  console.log(`local MariaDB ready: mysql://vpbx:vpbx@127.0.0.1:${port}/vpbx (data in ${paths.data})`);
}

async function stop(): Promise<void> {
  if (!isRunning()) return;
  const pid = Number(readFileSync(paths.pid, 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 150 && isRunning(); i++) await new Promise((r) => setTimeout(r, 200));
  console.log('local MariaDB stopped');
}

const command = positionals[0];
const actions: Record<string, () => Promise<void>> = {
  start,
  stop,
  status: async () => console.log(isRunning() ? 'running' : 'stopped'),
};
if (!command || !actions[command]) {
  console.error('usage: local-mariadb start|stop|status [--port N] [--dir D]');
  process.exit(2);
}
actions[command]().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
