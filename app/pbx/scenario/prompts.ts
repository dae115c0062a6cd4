import { createHash } from 'node:crypto';
import type { Prompt } from './schema';

/** Folder (under Asterisk's sounds) where speech synthesis leaves rendered prompts, named by content. */
export const TTS_SOUND_DIR = 'vpbx-tts';

/** The sound name a text prompt is rendered to: the same text and language always give the same file. */
export function ttsSoundName(text: string, lang: string): string {
  const digest = createHash('sha256').update(`${lang}\n${text}`).digest('hex').slice(0, 32);
  return `${TTS_SOUND_DIR}/${lang}-${digest}`;
}

/** ARI media URI for a prompt. */
export function promptMedia(prompt: Prompt): string {
  return 'sound' in prompt ? `sound:${prompt.sound}` : `sound:${ttsSoundName(prompt.text, prompt.lang)}`;
}
