import { execFile } from 'node:child_process';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Uploads larger than this are refused before anything is written. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Longer sounds are refused: a prompt is a greeting or a notice, not a programme. */
export const MAX_SECONDS = 600;
/** A sox run on a hostile file still ends. */
const SOX_TIMEOUT_MS = 30_000;

export type AudioType = 'wav' | 'mp3' | 'ogg';

/** Why an upload is refused; each is a translation key under prompts.refused. */
export type Refusal = 'empty' | 'too_large' | 'not_audio' | 'too_long' | 'silent_empty';

export class AudioRefused extends Error {
  constructor(readonly reason: Refusal) {
    super(`audio refused: ${reason}`);
    this.name = 'AudioRefused';
  }
}

/**
 * The container, read from the file's first bytes (never its name): RIFF/WAVE, Ogg, or MPEG
 * audio (an ID3 tag or a frame sync). sox then decodes the file as that type, all of it.
 */
export function sniffAudio(head: Buffer): AudioType | undefined {
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (head.toString('latin1', 0, 4) === 'OggS') return 'ogg';
  if (head.toString('latin1', 0, 3) === 'ID3') return 'mp3';
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return 'mp3';
  return undefined;
}

export interface AudioFacts {
  sizeBytes: number;
  durationMs: number;
}

/** Size and length of a file sox can read. */
export async function audioFacts(file: string): Promise<AudioFacts> {
  const { stdout } = await run('soxi', ['-D', file], { timeout: SOX_TIMEOUT_MS });
  return { sizeBytes: (await stat(file)).size, durationMs: Math.round(Number(stdout) * 1000) };
}

/**
 * Converts an uploaded wav, mp3 or ogg into what Asterisk plays (WAV, 8 kHz, mono, 16-bit) at
 * `outFile`. Refuses (AudioRefused) anything else, anything longer than MAX_SECONDS and anything
 * sox cannot decode; whatever happens, only a complete `outFile` is left behind.
 */
export async function convertUpload(data: Buffer, outFile: string): Promise<AudioFacts> {
  if (data.length === 0) throw new AudioRefused('empty');
  if (data.length > MAX_UPLOAD_BYTES) throw new AudioRefused('too_large');
  const type = sniffAudio(data.subarray(0, 16));
  if (!type) throw new AudioRefused('not_audio');
  // Named by the sniffed type: soxi and sox pick the decoder by extension.
  const source = `${outFile}.upload.${type}`;
  const partial = `${outFile}.part.wav`;
  try {
    await writeFile(source, data);
    const seconds = await run('soxi', ['-D', source], { timeout: SOX_TIMEOUT_MS }).then(
      ({ stdout }) => Number(stdout),
      () => NaN,
    );
    if (!Number.isFinite(seconds)) throw new AudioRefused('not_audio');
    if (seconds > MAX_SECONDS) throw new AudioRefused('too_long');
    await run('sox', [source, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', partial], { timeout: SOX_TIMEOUT_MS }).catch(() => {
      throw new AudioRefused('not_audio');
    });
    const facts = await audioFacts(partial);
    if (facts.durationMs < 100) throw new AudioRefused('silent_empty');
    if (facts.durationMs > MAX_SECONDS * 1000 + 1000) throw new AudioRefused('too_long');
    await rename(partial, outFile);
    return facts;
  } finally {
    await rm(source, { force: true });
    await rm(partial, { force: true });
  }
}
