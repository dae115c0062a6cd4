import path from 'node:path';
import { SOUNDS } from '../../pbx/sounds';
import type { SpeechSynthesizer } from './synthesizer';

/** What the engine's own notices say, per language; their sound names are in app/pbx/sounds.ts. */
export const ENGINE_NOTICES: Record<'serviceSuspended' | 'noFunds' | 'recordingWarning', { ru: string; kk: string; en: string }> = {
  serviceSuspended: {
    ru: 'Обслуживание абонента приостановлено. Пожалуйста, позвоните позже.',
    kk: 'Абоненттің қызмет көрсетуі тоқтатылды. Кейінірек қоңырау шалыңыз.',
    en: 'The service for this subscriber is suspended. Please call later.',
  },
  noFunds: {
    ru: 'На счёте недостаточно средств. Звонок не может быть выполнен.',
    kk: 'Шотта қаражат жеткіліксіз. Қоңырау шалу мүмкін емес.',
    en: 'There are not enough funds on the account. The call cannot be made.',
  },
  recordingWarning: {
    ru: 'Внимание! Разговор записывается. Если вы не согласны на запись, нажмите девять.',
    kk: 'Назар аударыңыз! Сөйлесу жазылады. Жазуға келіспесеңіз, тоғызды басыңыз.',
    en: 'Please note: this call is recorded. If you do not agree to the recording, press nine.',
  },
};

/**
 * Speaks every engine notice into `soundsDir` as Asterisk expects: <dir>/<name>.wav for Russian
 * (the default language) and <dir>/<lang>/<name>.wav for the others. Returns the files written.
 */
export async function renderEngineSounds(synth: SpeechSynthesizer, soundsDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [key, texts] of Object.entries(ENGINE_NOTICES) as [keyof typeof ENGINE_NOTICES, (typeof ENGINE_NOTICES)[keyof typeof ENGINE_NOTICES]][]) {
    for (const lang of ['ru', 'kk', 'en'] as const) {
      const file = path.join(soundsDir, lang === 'ru' ? '' : lang, `${SOUNDS[key]}.wav`);
      await synth.synthesize(texts[lang], lang, file);
      written.push(file);
    }
  }
  return written;
}
