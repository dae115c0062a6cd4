import { policyOf, type RecordingPolicy } from '../../pbx/recording/policy';
import { In, type DataSource } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import { ValidationError } from '../../errors';
import { Account } from '../accounts/entities';
import { audit } from '../audit/service';
import { Extension } from '../extensions/entities';
import { PhoneNumber } from '../numbers/entities';
import type { Actor, PromptsService, PromptSummary } from '../prompts/service';
import type { SpeechLang } from '../speech/synthesizer';
import { RecordingRules } from './entities';
import type { SettingsForm } from './schemas';
import { defaultWarningText, type DeclineKey } from './warning-texts';

/** The name a synthesised warning gets among the account's prompts. */
export type WarningPromptName = (lang: SpeechLang) => string;

/** An account's recording settings as the page shows them. */
export interface RecordingSettings extends Omit<RecordingPolicy, 'recordCalls'> {
  enabled: boolean;
  warningSource: RecordingRules['warningSource'];
  warningLang: SpeechLang;
  warningText: string;
  warningPromptId: number | null;
  declineDigit: DeclineKey;
  /** The prompt the warning plays now, if one is set. */
  warning: PromptSummary | undefined;
}

/**
 * What the account records and the warning callers hear. Recording is never on without a
 * warning; a ready or typed warning is spoken into one of the account's prompts.
 */
export class RecordingSettingsService {
  constructor(private readonly db: DataSource, private readonly prompts: PromptsService, private readonly now: () => Date) {}

  async load(accountId: number): Promise<RecordingSettings> {
    const account = await this.db.getRepository(Account).findOneByOrFail({ id: accountId });
    const rules = await this.db.getRepository(RecordingRules).findOneBy({ accountId });
    const warning = rules?.warningPromptId ? await this.prompts.find(accountId, rules.warningPromptId) : undefined;
    const { recordCalls, ...what } = policyOf(account, rules);
    return {
      enabled: recordCalls,
      ...what,
      warningSource: rules?.warningSource ?? null,
      warningLang: rules?.warningLang ?? 'ru',
      warningText: rules?.warningSource === 'text' ? rules.warningText ?? '' : '',
      warningPromptId: rules?.warningPromptId ?? null,
      declineDigit: account.recordingDeclineDigit as DeclineKey,
      warning,
    };
  }

  /** The account's numbers and extensions, for the rule choices. */
  async targets(accountId: number) {
    const numbers = await this.db.getRepository(PhoneNumber).find({ where: { accountId }, order: { e164: 'ASC' } });
    const extensions = await this.db.getRepository(Extension).find({ where: { accountId }, order: { exten: 'ASC' } });
    return { numbers: numbers.map((n) => ({ id: n.id, label: n.label ? `${n.e164} (${n.label})` : n.e164 })), extensions: extensions.map((e) => ({ id: e.id, label: `${e.exten} ${e.name}` })) };
  }

  /** Saves the rules and the warning; a ready or typed warning is spoken anew only when its words change. */
  async save(accountId: number, actor: Actor, form: SettingsForm, promptName: WarningPromptName): Promise<void> {
    await this.checkTargets(accountId, form);
    const previous = await this.db.getRepository(RecordingRules).findOneBy({ accountId });
    const warning = await this.warningPrompt(accountId, actor, form, previous, promptName);
    await inTransaction(this.db, async (em) => {
      const rules: RecordingRules = {
        accountId, scope: form.scope, directions: form.directions, numberIds: form.numberIds, extensionIds: form.extensionIds,
        warningSource: form.warningSource ?? null, warningText: warning?.text ?? null, warningLang: form.warningSource ? form.warningLang : null,
        warningPromptId: warning?.prompt.id ?? null, updatedAt: this.now(),
      };
      await em.getRepository(RecordingRules).save(rules);
      await em.getRepository(Account).update(accountId, { recordCalls: form.enabled, recordingWarningSound: warning?.prompt.sound ?? null, recordingDeclineDigit: form.declineDigit });
      await audit(em, this.now(), {
        action: 'recording.settings_changed', accountId, actorUserId: actor.userId, ip: actor.ip,
        details: { enabled: form.enabled, scope: form.scope, directions: form.directions, numberIds: form.numberIds, extensionIds: form.extensionIds, warning: form.warningSource ?? null, declineDigit: form.declineDigit },
      });
    });
    // A warning we spoke for the account and no longer use goes; one the user chose from prompts stays.
    const old = previous?.warningPromptId;
    if (old && old !== warning?.prompt.id && previous.warningSource !== 'prompt') await this.prompts.remove(accountId, actor, old).catch(() => undefined);
  }

  private async warningPrompt(accountId: number, actor: Actor, form: SettingsForm, previous: RecordingRules | null, promptName: WarningPromptName) {
    if (!form.warningSource) return undefined;
    if (form.warningSource === 'prompt') {
      const prompt = await this.prompts.find(accountId, form.warningPromptId!);
      if (!prompt) throw new ValidationError({ warningPromptId: 'validation.choose' });
      return { prompt, text: null };
    }
    const text = form.warningSource === 'default' ? defaultWarningText(form.warningLang, form.declineDigit) : form.warningText;
    const same = previous?.warningSource !== 'prompt' && previous?.warningText === text && previous.warningLang === form.warningLang && previous.warningPromptId;
    const kept = same ? await this.prompts.find(accountId, previous.warningPromptId!) : undefined;
    return { prompt: kept ?? (await this.prompts.synthesize(accountId, actor, promptName(form.warningLang), text, form.warningLang)), text };
  }

  /** Numbers and extensions must be the account's own. */
  private async checkTargets(accountId: number, form: SettingsForm): Promise<void> {
    const count = async (entity: typeof PhoneNumber | typeof Extension, ids: number[]) => (ids.length ? this.db.getRepository(entity).countBy({ accountId, id: In(ids) }) : 0);
    if ((await count(PhoneNumber, form.numberIds)) !== new Set(form.numberIds).size) throw new ValidationError({ numberIds: 'validation.choose' });
    if ((await count(Extension, form.extensionIds)) !== new Set(form.extensionIds).size) throw new ValidationError({ extensionIds: 'validation.choose' });
  }
}
