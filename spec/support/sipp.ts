import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCENARIOS = path.join(__dirname, '..', 'fixtures', 'sipp');

export interface SippResult { code: number | null; output: string }

/** A running sipp process (the real SIP peer of a spec). */
export interface SippRun {
  port: number;
  /** Resolves when sipp exits; code 0 = every call of the scenario succeeded. */
  exit: Promise<SippResult>;
  /** Lines written by the scenario's <log> actions. */
  logs(): string;
  /** Waits for exit and throws with sipp's errors and message trace unless it exited 0. */
  expectSuccess(): Promise<void>;
  kill(): void;
}

/** A UDP port free right now on 127.0.0.1. */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function portTaken(port: number): Promise<boolean> {
  const s = dgram.createSocket('udp4');
  return new Promise((resolve) => {
    s.once('error', () => resolve(true));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(false)));
  });
}

/**
 * Runs spec/fixtures/sipp/<scenario>.xml: as a UAS when `remote` is absent, else as a UAC calling
 * `service`@remote. Resolves once sipp's SIP port is bound.
 */
export async function startSipp(o: {
  scenario: string; remote?: { host: string; port: number }; service?: string; calls?: number;
  keys?: Record<string, string | number>; timeoutSec?: number;
}): Promise<SippRun> {
  const port = await freeUdpPort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipp-'));
  const file = (name: string) => path.join(dir, name);
  const args = [
    '-sf', path.join(SCENARIOS, `${o.scenario}.xml`), '-m', String(o.calls ?? 1), '-i', '127.0.0.1', '-p', String(port),
    '-timeout', `${o.timeoutSec ?? 15}s`, '-timeout_error', '-nostdin',
    '-trace_err', '-error_file', file('errors.log'), '-trace_msg', '-message_file', file('messages.log'),
    '-trace_logs', '-log_file', file('actions.log'),
  ];
  for (const [k, v] of Object.entries(o.keys ?? {})) args.push('-key', k, String(v));
  if (o.remote) args.push('-s', o.service ?? 'service', `${o.remote.host}:${o.remote.port}`);
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  child.stderr.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  const exit = new Promise<SippResult>((resolve) => child.on('exit', (code) => resolve({ code, output })));
  const read = (name: string) => (fs.existsSync(file(name)) ? fs.readFileSync(file(name), 'utf8') : '');
  const deadline = Date.now() + 3000;
  while (!o.remote && !(await portTaken(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return {
    port, exit,
    logs: () => read('actions.log'),
    async expectSuccess() {
      const { code } = await exit;
      if (code !== 0) {
        throw new Error(`sipp ${o.scenario} exited ${code}\n${read('errors.log')}\n--- messages ---\n${read('messages.log').slice(-6000)}\n--- output ---\n${output.slice(-1500)}`);
      }
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
