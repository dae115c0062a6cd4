import multer from 'multer';
import type { Request, Response } from 'express';
import type { GuardedRoutes } from '../../web/access';
import type { RouteDeps } from '../../web/routes';
import { AppError, ValidationError, notFound } from '../../errors';
import { flash } from '../../web/flash';
import { parseForm, type FieldErrors } from '../../web/forms';
import { NumbersService } from '../numbers/service';
import { presentBuilder } from './builder-view';
import { blankStep, definitionToDraft, freshStepId, type ScenarioDraft } from './draft';
import { buildDefinition, type BuilderMessage } from './draft-build';
import { readAction, readDraft, withoutStep } from './draft-form';
import { attachForm, createForm } from './schemas';
import { buildContextOf, ScenariosService, type AccountTargets } from './service';
import { TEMPLATES } from './templates';

const manage = { account: 'telephony.manage' } as const;
// The builder's one form carries every step's fields: more than the cabinet's url-encoded parser takes, so it is multipart.
const builderForm = multer({ limits: { fields: 3000, fieldSize: 16 * 1024, files: 0, parts: 3000 } }).none();

/** The call-scenario builder: list, create from a template, edit steps with forms beside a diagram, attach to a number. */
export function registerScenarioRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const scenarios = new ScenariosService(deps.db, () => deps.clock.now());
  const numbers = new NumbersService(deps.db, () => deps.clock.now());
  const actor = (req: Request) => ({ userId: req.user!.id, ip: req.ip ?? null });
  const base = (req: Request) => `/a/${req.account!.id}/scenarios`;
  const idOf = (req: Request) => {
    const id = Number(req.params.scenarioId);
    if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
    return id;
  };
  const lang = (req: Request) => ((['ru', 'kk', 'en'] as const).find((l) => l === req.res?.locals.locale) ?? 'ru');

  async function renderNew(req: Request, res: Response, extra: { errors?: FieldErrors; values?: Record<string, unknown> } = {}) {
    const templates = TEMPLATES.map((name) => ({ name, checked: (extra.values?.template ?? 'business_hours') === name }));
    res.render('scenarios/new', { account: req.account, templates, values: extra.values ?? {}, errors: extra.errors });
  }

  /** `targets` are those the draft was just checked against: one read of them per request. */
  function renderBuilder(req: Request, res: Response, id: number, draft: ScenarioDraft, result: { errors: BuilderMessage[]; warnings: BuilderMessage[] }, unsaved: boolean, targets: AccountTargets) {
    const view = presentBuilder({ draft, errors: result.errors, warnings: result.warnings, targets }, req.t);
    const attachable = targets.numbers.map((n) => ({ ...n, here: n.scenarioId === id }));
    res.render('scenarios/edit', { account: req.account, scenarioId: id, ...view, unsaved, numbers: attachable, title: draft.name });
  }

  r.get('/a/:accountId/scenarios', manage, async (req, res) => {
    res.render('scenarios/index', { account: req.account, scenarios: await scenarios.list(req.account!.id) });
  });

  r.get('/a/:accountId/scenarios/new', manage, (req, res) => renderNew(req, res));

  r.post('/a/:accountId/scenarios', manage, async (req, res) => {
    const form = parseForm(createForm, req.body);
    if (!form.ok) {
      res.status(422);
      return renderNew(req, res, { errors: form.errors, values: form.values });
    }
    const id = await scenarios.create(req.account!.id, actor(req), form.data.name, form.data.template, lang(req));
    flash(req, 'success', 'scenarios.created');
    res.redirect(`${base(req)}/${id}`);
  });

  r.get('/a/:accountId/scenarios/:scenarioId', manage, async (req, res) => {
    const id = idOf(req);
    const found = await scenarios.find(req.account!.id, id);
    if (!found) throw notFound();
    const targets = await scenarios.targets(req.account!.id);
    const draft = definitionToDraft(found.name, found.definition);
    renderBuilder(req, res, id, draft, buildDefinition(draft, buildContextOf(targets).ctx), false, targets);
  });

  r.post('/a/:accountId/scenarios/:scenarioId', manage, (req, res, next) =>
    builderForm(req, res, (err: unknown) => (err ? next(new AppError(413, 'form_too_large', 'scenarios.errors.form_too_large')) : next())),
  async (req, res) => {
    const id = idOf(req);
    if (!(await scenarios.find(req.account!.id, id))) throw notFound();
    const targets = await scenarios.targets(req.account!.id);
    const { ctx } = buildContextOf(targets);
    const action = readAction(req.body ?? {});
    let draft = readDraft(req.body ?? {});
    if (action.kind === 'add') {
      const stepId = action.id && !draft.steps.some((s) => s.id === action.id) ? action.id : freshStepId(action.type, draft.steps.map((s) => s.id));
      draft = { ...draft, steps: [...draft.steps, blankStep(stepId, action.type)], start: draft.start || stepId };
    }
    if (action.kind === 'remove') draft = withoutStep(draft, action.id);
    const result = buildDefinition(draft, ctx);
    if (action.kind !== 'save') return renderBuilder(req, res, id, draft, result, true, targets);
    if (!result.definition) {
      res.status(422);
      return renderBuilder(req, res, id, draft, result, true, targets);
    }
    if (!(await scenarios.save(req.account!.id, actor(req), id, draft.name, result.definition))) throw notFound();
    flash(req, 'success', 'scenarios.saved');
    res.redirect(`${base(req)}/${id}`);
  });

  r.post('/a/:accountId/scenarios/:scenarioId/attach', manage, async (req, res) => {
    const id = idOf(req);
    if (!(await scenarios.find(req.account!.id, id))) throw notFound();
    const form = parseForm(attachForm, req.body);
    if (!form.ok) throw new ValidationError(form.errors);
    if (!(await numbers.attachScenario(req.account!.id, actor(req), form.data.numberId, id))) throw notFound();
    flash(req, 'success', 'scenarios.attached');
    res.redirect(`${base(req)}/${id}`);
  });

  r.post('/a/:accountId/scenarios/:scenarioId/delete', manage, async (req, res) => {
    const outcome = await scenarios.remove(req.account!.id, actor(req), idOf(req));
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'removed') {
      flash(req, 'success', 'scenarios.deleted');
      return res.redirect(base(req));
    }
    flash(req, 'error', 'scenarios.in_use', { numbers: outcome.inUse.join(', ') });
    res.redirect(`${base(req)}/${idOf(req)}`);
  });
}
