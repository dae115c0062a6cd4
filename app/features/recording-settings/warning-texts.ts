import type { SpeechLang } from '../speech/synthesizer';

export const declineKeys = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;
export type DeclineKey = (typeof declineKeys)[number];

/** The key as it is said in the sentence "press …" / "… батырмасын басыңыз" / "press …". */
const KEY_WORDS: Record<SpeechLang, Record<DeclineKey, string>> = {
  ru: { '0': 'ноль', '1': 'один', '2': 'два', '3': 'три', '4': 'четыре', '5': 'пять', '6': 'шесть', '7': 'семь', '8': 'восемь', '9': 'девять', '*': 'звёздочку', '#': 'решётку' },
  kk: { '0': 'нөл', '1': 'бір', '2': 'екі', '3': 'үш', '4': 'төрт', '5': 'бес', '6': 'алты', '7': 'жеті', '8': 'сегіз', '9': 'тоғыз', '*': 'жұлдызша', '#': 'тор' },
  en: { '0': 'zero', '1': 'one', '2': 'two', '3': 'three', '4': 'four', '5': 'five', '6': 'six', '7': 'seven', '8': 'eight', '9': 'nine', '*': 'star', '#': 'hash' },
};

/** The ready warning, naming the key that declines recording. */
export function defaultWarningText(lang: SpeechLang, key: DeclineKey): string {
  const word = KEY_WORDS[lang][key];
  switch (lang) {
    case 'ru':
      return `Внимание! Разговор записывается. Если вы не согласны на запись, нажмите ${word}.`;
    case 'kk':
      return `Назар аударыңыз! Сөйлесу жазылады. Жазуға келіспесеңіз, ${word} батырмасын басыңыз.`;
    case 'en':
      return `Please note: this call is recorded. If you do not agree to the recording, press ${word}.`;
  }
}
