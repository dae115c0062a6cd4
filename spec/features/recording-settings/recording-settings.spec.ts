import { expect } from 'chai';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Account } from '../../../app/features/accounts/entities';
import { Prompt } from '../../../app/features/prompts/entities';
import { RecordingRules } from '../../../app/features/recording-settings/entities';
import { startTestApp, type TestApp } from '../../support/app';
import { submitForm } from '../../support/http';
import { signedInMember, signedInOwner } from '../../support/sign-in';
import { buildExtension, buildNumber } from '../../support/telephony-factories';
import { soxi, useMediaDirs } from '../prompts/support';

describe('recording settings: what is recorded and the warning', () => {
  let app: TestApp;
  let media: ReturnType<typeof useMediaDirs>;
  before(async () => {
    media = useMediaDirs();
    app = await startTestApp();
  });
  after(async () => {
    await app.close();
    media.restore();
  });

  async function owner() {
    const setup = await signedInOwner(app);
    const { agent } = setup;
    const base = `/a/${setup.account.id}/recording`;
    const save = (fields: Record<string, string | string[]>) => submitForm(agent, base, base, { scope: 'all', declineDigit: '9', warningLang: 'ru', ...fields } as Record<string, string>);
    return { ...setup, agent, base, save };
  }

  const accountOf = (id: number) => app.deps.db.getRepository(Account).findOneByOrFail({ id });
  const soundFile = (sound: string) => path.join(media.soundsDir, `${sound}.wav`);

  it('given no warning configured, when recording is switched on, then it is refused with a message and stays off', async () => {
    const { account, save } = await owner();
    const res = await save({ enabled: 'on', warningSource: '' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Без предупреждения запись включить нельзя');
    expect(await accountOf(account.id)).to.include({ recordCalls: false, recordingWarningSound: null });
    expect(await app.deps.db.getRepository(RecordingRules).existsBy({ accountId: account.id })).to.equal(false);
    expect((await save({ enabled: 'on', warningSource: 'text', warningText: '' })).status, 'own text chosen but empty').to.equal(422);
    expect((await save({ enabled: 'on', warningSource: 'prompt' })).status, 'prompt chosen but none picked').to.equal(422);
    expect((await accountOf(account.id)).recordCalls).to.equal(false);
  });

  it('given the ready warning in Russian, then it is spoken with the decline key and recording is on; in Kazakh with # the warning is spoken anew and the old one goes', async () => {
    const { account, agent, base, save } = await owner();
    const page = await agent.get(base);
    expect(page.text).to.contain('Если вы не согласны на запись, нажмите девять.');
    expect(page.text).to.contain('Жазуға келіспесеңіз, тоғыз батырмасын басыңыз.');
    expect((await save({ enabled: 'on', warningSource: 'default', warningLang: 'ru' })).status).to.equal(302);
    const ru = await accountOf(account.id);
    expect(ru).to.include({ recordCalls: true, recordingDeclineDigit: '9' });
    const first = await app.deps.db.getRepository(Prompt).findOneByOrFail({ accountId: account.id });
    expect(ru.recordingWarningSound).to.equal(`custom/${account.id}/prompt-${first.id}`);
    expect(first).to.include({ source: 'tts', lang: 'ru', text: 'Внимание! Разговор записывается. Если вы не согласны на запись, нажмите девять.' });
    const ruInfo = soxi(soundFile(ru.recordingWarningSound!));
    expect(ruInfo).to.include({ rate: 8000, channels: 1, bits: 16 });
    expect(ruInfo.seconds).to.be.above(2);

    expect((await save({ enabled: 'on', warningSource: 'default', warningLang: 'ru' })).status).to.equal(302);
    expect((await accountOf(account.id)).recordingWarningSound, 'same words: not spoken again').to.equal(ru.recordingWarningSound);

    expect((await save({ enabled: 'on', warningSource: 'default', warningLang: 'kk', declineDigit: '#' })).status).to.equal(302);
    const kk = await accountOf(account.id);
    expect(kk).to.include({ recordCalls: true, recordingDeclineDigit: '#' });
    const prompts = await app.deps.db.getRepository(Prompt).findBy({ accountId: account.id });
    expect(prompts).to.have.length(1);
    expect(prompts[0]).to.include({ lang: 'kk', text: 'Назар аударыңыз! Сөйлесу жазылады. Жазуға келіспесеңіз, тор батырмасын басыңыз.' });
    expect(kk.recordingWarningSound).to.equal(`custom/${account.id}/prompt-${prompts[0]!.id}`);
    expect(existsSync(soundFile(ru.recordingWarningSound!)), 'the Russian one is gone').to.equal(false);
    expect(soxi(soundFile(kk.recordingWarningSound!)).rate).to.equal(8000);
    const shown = await agent.get(base);
    expect(shown.text).to.contain('Запись включена').and.to.contain(`/a/${account.id}/prompts/${prompts[0]!.id}/audio`);
    expect((await agent.get(`/a/${account.id}/prompts/${prompts[0]!.id}/audio`)).status).to.equal(200);

    expect((await save({ warningSource: 'default', warningLang: 'kk', declineDigit: '#' })).status, 'switched off').to.equal(302);
    expect((await accountOf(account.id)).recordCalls).to.equal(false);
  });

  it('given an uploaded prompt chosen as the warning, then it plays as the warning and cannot be deleted while it is one', async () => {
    const { account, agent, save } = await owner();
    const prompts = `/a/${account.id}/prompts`;
    const spoken = await submitForm(agent, prompts, `${prompts}/speak`, { text: 'Наши разговоры записываются. Нажмите ноль для отказа.', lang: 'ru' });
    const draft = /drafts\/(.+)$/.exec(spoken.headers.location)![1];
    await submitForm(agent, `${prompts}/drafts/${draft}`, `${prompts}/drafts/${draft}/save`, { name: 'Наше предупреждение' });
    const prompt = await app.deps.db.getRepository(Prompt).findOneByOrFail({ accountId: account.id });
    expect((await save({ enabled: 'on', warningSource: 'prompt', warningPromptId: String(prompt.id), declineDigit: '0' })).status).to.equal(302);
    expect(await accountOf(account.id)).to.include({ recordCalls: true, recordingWarningSound: `custom/${account.id}/prompt-${prompt.id}`, recordingDeclineDigit: '0' });
    const refused = await submitForm(agent, prompts, `${prompts}/${prompt.id}/delete`, {});
    expect(refused.status).to.equal(302);
    expect((await agent.get(prompts)).text).to.contain('Это сообщение — предупреждение о записи');
    expect(await app.deps.db.getRepository(Prompt).existsBy({ id: prompt.id })).to.equal(true);
    // Switching to the ready warning leaves the user's own prompt in place.
    await save({ enabled: 'on', warningSource: 'default', warningLang: 'ru' });
    expect(await app.deps.db.getRepository(Prompt).existsBy({ id: prompt.id })).to.equal(true);

    const other = await owner();
    const foreign = await other.save({ enabled: 'on', warningSource: 'prompt', warningPromptId: String(prompt.id) });
    expect(foreign.status, 'another account\'s prompt').to.equal(422);
  });

  it('keeps rules by direction, number and extension; refuses another account\'s numbers and an empty selection', async () => {
    const { account, save } = await owner();
    const number = await buildNumber(app.deps.db, account);
    const ext = await buildExtension(app.deps.db, account, '101');
    const res = await save({ enabled: 'on', warningSource: 'default', scope: 'selected', directions: ['outbound'], numberIds: String(number.id), extensionIds: String(ext.id) });
    expect(res.status).to.equal(302);
    expect(await app.deps.db.getRepository(RecordingRules).findOneByOrFail({ accountId: account.id })).to.deep.include({ scope: 'selected', directions: ['outbound'], numberIds: [number.id], extensionIds: [ext.id], warningSource: 'default', warningLang: 'ru' });
    const empty = await save({ enabled: 'on', warningSource: 'default', scope: 'selected' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain('Выберите хотя бы одно направление');
    const other = await owner();
    const theirs = await buildNumber(app.deps.db, other.account);
    expect((await save({ enabled: 'on', warningSource: 'default', scope: 'selected', numberIds: String(theirs.id) })).status).to.equal(422);
    expect((await save({ enabled: 'on', warningSource: 'default', declineDigit: 'A' })).status).to.equal(422);
    expect((await app.deps.db.getRepository(RecordingRules).findOneByOrFail({ accountId: account.id })).numberIds).to.deep.equal([number.id]);
  });

  it('employees and accountants cannot open it; another account\'s settings are not found', async () => {
    const a = await owner();
    const b = await owner();
    expect((await a.agent.get(b.base)).status).to.equal(404);
    for (const role of ['employee', 'accountant'] as const) {
      const { agent } = await signedInMember(app, a.account, role);
      expect((await agent.get(a.base)).status, role).to.equal(403);
    }
  });
});
