import type { PromptDraft } from './files';
import type { PromptSummary } from './service';

/** 83 500 ms as "1:24". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Bytes as kilobytes, one decimal, in the page's locale. */
export const formatKb = (bytes: number, locale: string) => (bytes / 1024).toLocaleString(locale === 'en' ? 'en-US' : 'ru-RU', { maximumFractionDigits: 1 });

/** A prompt as the prompts page shows it. */
export function presentPrompt(p: PromptSummary, accountId: number, locale: string) {
  return {
    id: p.id, name: p.name, sound: p.sound, source: p.source, text: p.text, lang: p.lang,
    size: formatKb(p.sizeBytes, locale), duration: formatDuration(p.durationMs), createdAt: p.createdAt,
    audioUrl: `/a/${accountId}/prompts/${p.id}/audio`,
  };
}

/** A draft on its listening page. */
export function presentDraft(d: PromptDraft, accountId: number, locale: string) {
  return {
    id: d.id, name: d.name, source: d.source, text: d.text, lang: d.lang,
    size: formatKb(d.sizeBytes, locale), duration: formatDuration(d.durationMs),
    audioUrl: `/a/${accountId}/prompts/drafts/${d.id}/audio`,
  };
}
