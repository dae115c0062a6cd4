import { execFile } from 'node:child_process';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type SpeechLang = 'ru' | 'kk' | 'en';

/** Turns text into a prompt Asterisk plays as is: WAV, 8 kHz, mono, 16-bit. A better engine can replace this one. */
export interface SpeechSynthesizer {
  synthesize(text: string, lang: SpeechLang, outFile: string): Promise<void>;
}

const MAX_TEXT = 2000;

/**
 * espeak-ng (Debian's espeak-ng speaks ru, kk and en) resampled by sox. The text goes as an
 * argument, never through a shell; the file appears whole (written aside, then renamed).
 */
export class EspeakSynthesizer implements SpeechSynthesizer {
  async synthesize(text: string, lang: SpeechLang, outFile: string): Promise<void> {
    const clean = text.replace(/[\u0000-\u001f]+/g, ' ').trim();
    if (!clean || clean.length > MAX_TEXT) throw new Error(`text for speech must be 1-${MAX_TEXT} characters`);
    await mkdir(path.dirname(outFile), { recursive: true });
    const raw = `${outFile}.espeak.wav`;
    const partial = `${outFile}.part.wav`;
    await run('espeak-ng', ['-v', lang, '-s', '150', '-w', raw, '--', clean]);
    await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', partial]);
    await rename(partial, outFile);
    await run('rm', ['-f', raw]);
  }
}
