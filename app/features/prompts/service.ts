import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import { AppError } from '../../errors';
import { audit } from '../audit/service';
import { RecordingRules } from '../recording-settings/entities';
import type { Deps } from '../../deps';
import { EspeakSynthesizer, type SpeechLang, type SpeechSynthesizer } from '../speech/synthesizer';
import { audioFacts, AudioRefused, convertUpload } from './audio';
import { Prompt } from './entities';
import { PromptFiles, promptSound, type PromptDraft } from './files';

export interface Actor {
  userId: number;
  ip: string | null;
}

/** What other features see of a prompt; `sound` is what the engine plays (sound:<sound>). */
export interface PromptSummary {
  id: number;
  name: string;
  sound: string;
  source: Prompt['source'];
  text: string | null;
  lang: SpeechLang | null;
  sizeBytes: number;
  durationMs: number;
  createdAt: Date;
}

const summary = (p: Prompt): PromptSummary => ({
  id: p.id, name: p.name, sound: promptSound(p.accountId, p.id), source: p.source, text: p.text, lang: p.lang, sizeBytes: Number(p.sizeBytes), durationMs: p.durationMs, createdAt: p.createdAt,
});

/** The file name without its extension, as a first name for an uploaded prompt. */
const nameFromFile = (original: string) => original.replace(/\.[^.]*$/, '').replace(/[\u0000-\u001f]+/g, ' ').trim().slice(0, 200);

/**
 * The account's prompts: an upload or a text becomes a draft the user listens to, then keeps
 * (a row and a sound file) or drops. Rows carry size_bytes for the storage quota.
 */
export class PromptsService {
  constructor(
    private readonly db: DataSource,
    private readonly files: PromptFiles,
    private readonly synth: SpeechSynthesizer,
    private readonly now: () => Date,
  ) {}

  /** Every prompt of the account, by name. */
  async list(accountId: number): Promise<PromptSummary[]> {
    return (await this.db.getRepository(Prompt).find({ where: { accountId }, order: { name: 'ASC', id: 'ASC' } })).map(summary);
  }

  async find(accountId: number, promptId: number): Promise<PromptSummary | undefined> {
    if (!Number.isSafeInteger(promptId) || promptId <= 0) return undefined;
    const row = await this.db.getRepository(Prompt).findOneBy({ id: promptId, accountId });
    return row ? summary(row) : undefined;
  }

  soundFile(accountId: number, promptId: number): string {
    return this.files.soundFile(accountId, promptId);
  }

  /** Converts an upload into a draft; AudioRefused says why it cannot be one (nothing is left behind). */
  async draftUpload(accountId: number, data: Buffer, originalName: string): Promise<PromptDraft> {
    const { id, audio } = await this.files.newDraft(accountId);
    const facts = await convertUpload(data, audio);
    const draft: PromptDraft = { id, source: 'upload', name: nameFromFile(originalName), text: null, lang: null, ...facts };
    await this.files.writeDraft(accountId, draft);
    return draft;
  }

  /** Speaks a text into a draft. */
  async draftText(accountId: number, text: string, lang: SpeechLang): Promise<PromptDraft> {
    const { id, audio } = await this.files.newDraft(accountId);
    try {
      await this.synth.synthesize(text, lang, audio);
    } catch (err) {
      await this.files.removeDraft(accountId, id);
      throw new AppError(422, 'speech_failed', 'prompts.refused.speech_failed', {}, { cause: err });
    }
    const draft: PromptDraft = { id, source: 'tts', name: text.slice(0, 60), text, lang, ...(await audioFacts(audio)) };
    await this.files.writeDraft(accountId, draft);
    return draft;
  }

  draft(accountId: number, draftId: string): Promise<PromptDraft | undefined> {
    return this.files.readDraft(accountId, draftId);
  }

  draftAudio(accountId: number, draftId: string): string | undefined {
    return this.files.draftAudio(accountId, draftId);
  }

  discardDraft(accountId: number, draftId: string): Promise<void> {
    return this.files.removeDraft(accountId, draftId);
  }

  /** Keeps a draft as a prompt under `name`; undefined when there is no such draft. */
  async saveDraft(accountId: number, actor: Actor, draftId: string, name: string): Promise<PromptSummary | undefined> {
    const draft = await this.files.readDraft(accountId, draftId);
    if (!draft) return undefined;
    const saved = await this.keep(accountId, actor, { ...draft, name });
    await this.files.removeDraft(accountId, draftId);
    return saved;
  }

  /** Speaks a text straight into a kept prompt (e.g. a recording warning), no listening step. */
  async synthesize(accountId: number, actor: Actor, name: string, text: string, lang: SpeechLang): Promise<PromptSummary> {
    const draft = await this.draftText(accountId, text, lang);
    return (await this.saveDraft(accountId, actor, draft.id, name))!;
  }

  async rename(accountId: number, actor: Actor, promptId: number, name: string): Promise<boolean> {
    return inTransaction(this.db, async (em) => {
      const row = await em.getRepository(Prompt).findOneBy({ id: promptId, accountId });
      if (!row) return false;
      await em.getRepository(Prompt).update(row.id, { name });
      await audit(em, this.now(), { action: 'prompt.renamed', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'prompt', targetId: row.id, details: { from: row.name, to: name } });
      return true;
    });
  }

  /** Deletes the row and its sound; the account's recording warning cannot be deleted (409). */
  async remove(accountId: number, actor: Actor, promptId: number): Promise<boolean> {
    const removed = await inTransaction(this.db, async (em) => {
      const row = await em.getRepository(Prompt).findOneBy({ id: promptId, accountId });
      if (!row) return false;
      if (await em.getRepository(RecordingRules).existsBy({ accountId, warningPromptId: row.id })) throw new AppError(409, 'prompt_in_use', 'prompts.in_use_warning');
      await em.getRepository(Prompt).delete(row.id);
      await audit(em, this.now(), { action: 'prompt.deleted', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'prompt', targetId: row.id, details: { name: row.name } });
      return true;
    });
    if (removed) await this.files.removeSound(accountId, promptId);
    return removed;
  }

  /** Row and file together: the file is copied inside the row's transaction, so a failed copy leaves no row. */
  private async keep(accountId: number, actor: Actor, draft: PromptDraft): Promise<PromptSummary> {
    let promptId: number | undefined;
    try {
      return await inTransaction(this.db, async (em) => {
        const now = this.now();
        const row = await em.getRepository(Prompt).save({
          accountId, name: draft.name, source: draft.source, text: draft.text, lang: draft.lang, sizeBytes: draft.sizeBytes, durationMs: draft.durationMs, createdAt: now, updatedAt: now,
        });
        promptId = row.id;
        await this.files.keep(accountId, draft.id, row.id);
        await audit(em, now, { action: 'prompt.created', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'prompt', targetId: row.id, details: { name: draft.name, source: draft.source } });
        return summary(row);
      });
    } catch (err) {
      if (promptId !== undefined) await this.files.removeSound(accountId, promptId);
      throw err;
    }
  }
}

export { AudioRefused };

/** The service over the configured sounds and storage dirs, speaking with espeak-ng: for routes and other features alike. */
export function promptsService(deps: Pick<Deps, 'db' | 'config' | 'clock'>): PromptsService {
  return new PromptsService(deps.db, new PromptFiles(deps.config.media.soundsDir, deps.config.media.storageDir), new EspeakSynthesizer(), () => deps.clock.now());
}
