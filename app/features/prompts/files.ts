import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SpeechLang } from '../speech/synthesizer';
import type { PromptSource } from './entities';

/** The sound name the engine plays (sound:<name>): Asterisk's sounds dir, custom/<accountId>/prompt-<id>. */
export const promptSound = (accountId: number, promptId: number) => `custom/${accountId}/prompt-${promptId}`;

/** A converted or synthesised sound waiting for the user to listen and keep it (or not). */
export interface PromptDraft {
  id: string;
  source: PromptSource;
  name: string;
  text: string | null;
  lang: SpeechLang | null;
  sizeBytes: number;
  durationMs: number;
}

const DRAFT_ID = /^[0-9a-f-]{36}$/;
/** Drafts nobody saved or cancelled are swept after this long. */
const DRAFT_TTL_MS = 24 * 3600_000;

/**
 * Where prompt audio lives: kept prompts in Asterisk's sounds directory (shared with the engine),
 * drafts in the app's own storage, one folder per account so an id from another account finds nothing.
 */
export class PromptFiles {
  constructor(private readonly soundsDir: string, private readonly storageDir: string) {}

  soundFile(accountId: number, promptId: number): string {
    return path.resolve(this.soundsDir, `${promptSound(accountId, promptId)}.wav`);
  }

  /** A fresh draft's audio path and id; old drafts of the account are swept on the way. */
  async newDraft(accountId: number): Promise<{ id: string; audio: string }> {
    const dir = this.draftDir(accountId);
    await mkdir(dir, { recursive: true });
    await this.sweep(dir);
    const id = randomUUID();
    return { id, audio: path.join(dir, `${id}.wav`) };
  }

  async writeDraft(accountId: number, draft: PromptDraft): Promise<void> {
    await writeFile(path.join(this.draftDir(accountId), `${draft.id}.json`), JSON.stringify(draft));
  }

  async readDraft(accountId: number, draftId: string): Promise<PromptDraft | undefined> {
    if (!DRAFT_ID.test(draftId)) return undefined;
    const raw = await readFile(path.join(this.draftDir(accountId), `${draftId}.json`), 'utf8').catch(() => undefined);
    return raw === undefined ? undefined : (JSON.parse(raw) as PromptDraft);
  }

  /** The draft's audio file, when the draft exists. */
  draftAudio(accountId: number, draftId: string): string | undefined {
    return DRAFT_ID.test(draftId) ? path.join(this.draftDir(accountId), `${draftId}.wav`) : undefined;
  }

  async removeDraft(accountId: number, draftId: string): Promise<void> {
    if (!DRAFT_ID.test(draftId)) return;
    const dir = this.draftDir(accountId);
    await Promise.all([rm(path.join(dir, `${draftId}.wav`), { force: true }), rm(path.join(dir, `${draftId}.json`), { force: true })]);
  }

  /** Copies the draft's audio to the prompt's place; the sound appears whole (copied aside, then renamed). */
  async keep(accountId: number, draftId: string, promptId: number): Promise<void> {
    const target = this.soundFile(accountId, promptId);
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.part`;
    try {
      await copyFile(path.join(this.draftDir(accountId), `${draftId}.wav`), partial);
      await rename(partial, target);
    } finally {
      await rm(partial, { force: true });
    }
  }

  async removeSound(accountId: number, promptId: number): Promise<void> {
    await rm(this.soundFile(accountId, promptId), { force: true });
  }

  private draftDir(accountId: number): string {
    return path.resolve(this.storageDir, 'prompt-drafts', String(accountId));
  }

  private async sweep(dir: string): Promise<void> {
    const cutoff = Date.now() - DRAFT_TTL_MS;
    for (const name of await readdir(dir)) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(file, { force: true });
    }
  }
}
