import multer from 'multer';
import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { AppError, notFound } from '../../errors';
import { flash } from '../../web/flash';
import { parseForm, type FieldErrors } from '../../web/forms';
import { AudioRefused, MAX_SECONDS, MAX_UPLOAD_BYTES } from './audio';
import { presentDraft, presentPrompt } from './presenter';
import { nameForm, speakForm } from './schemas';
import { promptsService } from './service';

const manage = { account: 'telephony.manage' } as const;
const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } }).single('file');
const limits = { mb: MAX_UPLOAD_BYTES / 1024 / 1024, minutes: MAX_SECONDS / 60 };

/** Prompts: upload or speak a text, listen, keep or drop; list, listen, rename, delete. */
export function registerPromptRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const prompts = promptsService(deps);
  const actor = (req: Request) => ({ userId: req.user!.id, ip: req.ip ?? null });
  const listPath = (req: Request) => `/a/${req.account!.id}/prompts`;
  const draftPath = (req: Request, id: string) => `/a/${req.account!.id}/prompts/drafts/${id}`;

  async function render(req: Request, res: Response, extra: { errors?: FieldErrors; values?: Record<string, unknown> } = {}) {
    const accountId = req.account!.id;
    const locale = res.locals.locale as string;
    const list = (await prompts.list(accountId)).map((p) => presentPrompt(p, accountId, locale));
    res.render('prompts/index', { title: req.t('prompts.title'), account: req.account, prompts: list, values: { lang: locale, ...extra.values }, errors: extra.errors, limits });
  }

  async function draftOf(req: Request) {
    const draft = await prompts.draft(req.account!.id, String(req.params.draftId));
    if (!draft) throw notFound('prompt');
    return draft;
  }

  async function promptOf(req: Request) {
    const prompt = await prompts.find(req.account!.id, Number(req.params.promptId));
    if (!prompt) throw notFound('prompt');
    return prompt;
  }

  r.get('/a/:accountId/prompts', manage, (req, res) => render(req, res));

  r.post('/a/:accountId/prompts/upload', manage, (req, res, next) =>
    upload(req, res, (err: unknown) => (err ? next(new AppError(413, 'upload_refused', 'prompts.refused.too_large', limits)) : next())),
  async (req, res) => {
    if (!req.file) {
      res.status(422);
      return render(req, res, { errors: { file: 'prompts.refused.empty' } });
    }
    try {
      const draft = await prompts.draftUpload(req.account!.id, req.file.buffer, req.file.originalname);
      res.redirect(draftPath(req, draft.id));
    } catch (err) {
      if (!(err instanceof AudioRefused)) throw err;
      res.status(422);
      return render(req, res, { errors: { file: `prompts.refused.${err.reason}` } });
    }
  });

  r.post('/a/:accountId/prompts/speak', manage, async (req, res) => {
    const form = parseForm(speakForm, req.body);
    if (!form.ok) {
      res.status(422);
      return render(req, res, { errors: form.errors, values: form.values });
    }
    const draft = await prompts.draftText(req.account!.id, form.data.text, form.data.lang);
    res.redirect(draftPath(req, draft.id));
  });

  r.get('/a/:accountId/prompts/drafts/:draftId', manage, async (req, res) => {
    const draft = presentDraft(await draftOf(req), req.account!.id, res.locals.locale as string);
    res.render('prompts/draft', { title: req.t('prompts.draft_title'), account: req.account, draft, values: { name: draft.name } });
  });

  r.get('/a/:accountId/prompts/drafts/:draftId/audio', manage, async (req, res) => {
    const draft = await prompts.draft(req.account!.id, String(req.params.draftId));
    if (!draft) return void res.sendStatus(404);
    await sendWav(res, prompts.draftAudio(req.account!.id, draft.id)!);
  });

  r.post('/a/:accountId/prompts/drafts/:draftId/save', manage, async (req, res) => {
    const draft = await draftOf(req);
    const form = parseForm(nameForm, req.body);
    if (!form.ok) {
      res.status(422);
      return res.render('prompts/draft', { title: req.t('prompts.draft_title'), account: req.account, draft: presentDraft(draft, req.account!.id, res.locals.locale as string), values: form.values, errors: form.errors });
    }
    await prompts.saveDraft(req.account!.id, actor(req), draft.id, form.data.name);
    flash(req, 'success', 'prompts.saved', { name: form.data.name });
    res.redirect(listPath(req));
  });

  r.post('/a/:accountId/prompts/drafts/:draftId/cancel', manage, async (req, res) => {
    await prompts.discardDraft(req.account!.id, String(req.params.draftId));
    flash(req, 'info', 'prompts.discarded');
    res.redirect(listPath(req));
  });

  r.get('/a/:accountId/prompts/:promptId/audio', manage, async (req, res) => {
    const prompt = await prompts.find(req.account!.id, Number(req.params.promptId));
    if (!prompt) return void res.sendStatus(404);
    await sendWav(res, prompts.soundFile(req.account!.id, prompt.id));
  });

  r.post('/a/:accountId/prompts/:promptId/rename', manage, async (req, res) => {
    const prompt = await promptOf(req);
    const form = parseForm(nameForm, req.body);
    if (!form.ok) {
      flash(req, 'error', 'prompts.name_required');
      return res.redirect(listPath(req));
    }
    await prompts.rename(req.account!.id, actor(req), prompt.id, form.data.name);
    flash(req, 'success', 'prompts.renamed', { name: form.data.name });
    res.redirect(listPath(req));
  });

  r.post('/a/:accountId/prompts/:promptId/delete', manage, async (req, res) => {
    const prompt = await promptOf(req);
    try {
      await prompts.remove(req.account!.id, actor(req), prompt.id);
      flash(req, 'success', 'prompts.deleted', { name: prompt.name });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'prompt_in_use') throw err;
      flash(req, 'error', err.messageKey);
    }
    res.redirect(listPath(req));
  });
}

/**
 * A WAV for the browser's <audio>, with Range (sendFile); never cached by shared caches. A missing
 * one is a bare 404: a page rendered for it would take the flash meant for the page the user is
 * going to (the player may still be fetching a draft that was just saved).
 */
function sendWav(res: Response, file: string): Promise<void> {
  return new Promise((resolve, reject) =>
    res.sendFile(file, { headers: { 'Content-Type': 'audio/wav', 'Cache-Control': 'private, no-store' } }, (err) => {
      if (!err || res.headersSent) return resolve();
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return reject(err);
      res.sendStatus(404);
      resolve();
    }),
  );
}
