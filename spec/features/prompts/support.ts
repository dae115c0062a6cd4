import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** sox's reading of a file: type, rate, channels, bits, seconds. */
export function soxi(file: string) {
  const ask = (flag: string) => execFileSync('soxi', [flag, file]).toString().trim();
  return { type: ask('-t'), rate: Number(ask('-r')), channels: Number(ask('-c')), bits: Number(ask('-b')), seconds: Number(ask('-D')) };
}

/** Sounds made by sox for the test: a tone of `seconds` in the given container at CD quality, stereo. */
export function toneFile(dir: string, name: string, seconds = 2, rate = 44100): string {
  const file = path.join(dir, name);
  execFileSync('sox', ['-n', '-r', String(rate), '-c', '2', file, 'synth', String(seconds), 'sine', '440', 'vol', '0.5']);
  return file;
}

/** Media dirs of the test's own, set before the app reads its configuration. */
export function useMediaDirs(): { soundsDir: string; storageDir: string; restore(): void } {
  const saved = { sounds: process.env.SOUNDS_DIR, storage: process.env.STORAGE_DIR };
  const soundsDir = mkdtempSync(path.join(tmpdir(), 'vpbx-sounds-'));
  const storageDir = mkdtempSync(path.join(tmpdir(), 'vpbx-storage-'));
  process.env.SOUNDS_DIR = soundsDir;
  process.env.STORAGE_DIR = storageDir;
  return {
    soundsDir,
    storageDir,
    restore() {
      for (const [key, value] of [['SOUNDS_DIR', saved.sounds], ['STORAGE_DIR', saved.storage]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}
