import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Prompt } from '../../../app/features/prompts/entities';
import { promptsService } from '../../../app/features/prompts/service';
import { startTestApp, type TestApp } from '../../support/app';
import { csrfFrom, submitForm } from '../../support/http';
import { signedInMember, signedInOwner } from '../../support/sign-in';
import { soxi, toneFile, useMediaDirs } from './support';

describe('prompts: upload or speak, listen, keep', () => {
  let app: TestApp;
  let media: ReturnType<typeof useMediaDirs>;
  const fixtures = mkdtempSync(path.join(tmpdir(), 'vpbx-prompt-fixtures-'));
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
    return { ...setup, base: `/a/${setup.account.id}/prompts` };
  }

  type Agent = ReturnType<TestApp['agent']>;
  const upload = async (agent: Agent, base: string, content: Buffer, filename: string) => {
    const token = csrfFrom((await agent.get(base)).text);
    return agent.post(`${base}/upload?_csrf=${encodeURIComponent(token)}`).attach('file', content, filename);
  };
  const draftIdOf = (location: string) => /\/drafts\/([0-9a-f-]{36})$/.exec(location)?.[1];
  const soundPath = (accountId: number, id: number) => path.join(media.soundsDir, 'custom', String(accountId), `prompt-${id}.wav`);
  const draftsOf = (accountId: number) => {
    const dir = path.join(media.storageDir, 'prompt-drafts', String(accountId));
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  /** Uploads, listens to the draft, saves it under a name: the kept row. */
  async function keep(agent: Agent, base: string, content: Buffer, filename: string, name: string): Promise<Prompt> {
    const res = await upload(agent, base, content, filename);
    expect(res.status, res.text.slice(0, 300)).to.equal(302);
    const draft = draftIdOf(res.headers.location)!;
    const page = await agent.get(`${base}/drafts/${draft}`);
    expect(page.text).to.contain(`${base}/drafts/${draft}/audio`);
    const audio = await agent.get(`${base}/drafts/${draft}/audio`).buffer(true);
    expect(audio.status).to.equal(200);
    expect(audio.headers['content-type']).to.contain('audio/wav');
    expect(audio.body.subarray(0, 4).toString('latin1')).to.equal('RIFF');
    expect((await submitForm(agent, `${base}/drafts/${draft}`, `${base}/drafts/${draft}/save`, { name })).status).to.equal(302);
    // The player may still fetch the saved draft: a bare 404 that leaves the flash for the list page.
    expect((await agent.get(`${base}/drafts/${draft}/audio`)).status).to.equal(404);
    expect((await agent.get(base)).text).to.contain(`Сообщение «${name}» сохранено.`);
    return app.deps.db.getRepository(Prompt).findOneByOrFail({ name });
  }

  it('given a wav, an mp3 and an ogg at 44.1 kHz stereo, when uploaded and saved, then each plays as 8 kHz mono 16-bit WAV under custom/<account>/prompt-<id>', async () => {
    const { agent, account, base } = await owner();
    for (const type of ['wav', 'mp3', 'ogg']) {
      const source = toneFile(fixtures, `tone.${type}`, 2);
      // The name says nothing true about the content: the upload is judged by its bytes.
      const row = await keep(agent, base, readFileSync(source), `greeting-${type}.bin`, `Приветствие ${type}`);
      const file = soundPath(account.id, row.id);
      expect(soxi(file), type).to.include({ type: 'wav', rate: 8000, channels: 1, bits: 16 });
      expect(soxi(file).seconds, type).to.be.within(1.8, 2.3);
      expect(row).to.include({ accountId: account.id, source: 'upload', sizeBytes: readFileSync(file).length });
      expect(row.durationMs, type).to.be.within(1800, 2300);
    }
    const listed = await promptsService(app.deps).list(account.id);
    expect(listed.map((p) => p.sound).sort()).to.deep.equal((await app.deps.db.getRepository(Prompt).findBy({ accountId: account.id })).map((p) => `custom/${account.id}/prompt-${p.id}`).sort());
    expect(draftsOf(account.id), 'saved drafts are gone').to.deep.equal([]);
    const page = await agent.get(base);
    expect(page.text).to.contain('Приветствие mp3').and.to.contain(`${base}/${listed[0]!.id}/audio`);
  });

  it('refuses a text file named .wav, an oversized file, a too long sound and an empty upload with a clear message, leaving nothing behind', async () => {
    const { agent, account, base } = await owner();
    const text = await upload(agent, base, Buffer.from('это не звук, а текст\n'.repeat(50)), 'greeting.wav');
    expect(text.status).to.equal(422);
    expect(text.text).to.contain('Это не аудиофайл WAV, MP3 или OGG');
    const forged = await upload(agent, base, Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt '), Buffer.alloc(2000, 7)]), 'broken.wav');
    expect(forged.status, 'a RIFF header over garbage').to.equal(422);
    const huge = await upload(agent, base, Buffer.alloc(11 * 1024 * 1024, 1), 'huge.wav');
    expect(huge.status).to.equal(413);
    expect(huge.text).to.contain('Файл больше 10 МБ');
    const long = toneFile(fixtures, 'long.ogg', 660, 8000);
    const tooLong = await upload(agent, base, readFileSync(long), 'long.ogg');
    expect(tooLong.status).to.equal(422);
    expect(tooLong.text).to.contain('Запись длиннее 10 минут');
    const empty = await upload(agent, base, Buffer.alloc(0), 'empty.wav');
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain('Выберите аудиофайл');
    const token = csrfFrom((await agent.get(base)).text);
    expect((await agent.post(`${base}/upload?_csrf=${encodeURIComponent(token)}`).field('x', '1')).status, 'no file at all').to.equal(422);
    expect(await app.deps.db.getRepository(Prompt).countBy({ accountId: account.id })).to.equal(0);
    expect(draftsOf(account.id)).to.deep.equal([]);
    expect(existsSync(path.join(media.soundsDir, 'custom', String(account.id)))).to.equal(false);
  });

  it('given a Kazakh text, when spoken, listened to and saved, then a playable 8 kHz prompt keeps its text; cancelling a draft keeps nothing', async () => {
    const { agent, account, base } = await owner();
    const res = await submitForm(agent, base, `${base}/speak`, { text: 'Сәлеметсіз бе, біздің компанияға қош келдіңіз.', lang: 'kk' });
    expect(res.status).to.equal(302);
    const draft = draftIdOf(res.headers.location)!;
    expect((await agent.get(`${base}/drafts/${draft}/audio`)).status).to.equal(200);
    await submitForm(agent, `${base}/drafts/${draft}`, `${base}/drafts/${draft}/save`, { name: 'Сәлемдесу' });
    const row = await app.deps.db.getRepository(Prompt).findOneByOrFail({ accountId: account.id, name: 'Сәлемдесу' });
    expect(row).to.include({ source: 'tts', lang: 'kk', text: 'Сәлеметсіз бе, біздің компанияға қош келдіңіз.' });
    const info = soxi(soundPath(account.id, row.id));
    expect(info).to.include({ rate: 8000, channels: 1, bits: 16 });
    expect(info.seconds).to.be.above(1);

    const other = await submitForm(agent, base, `${base}/speak`, { text: 'Не нужен', lang: 'ru' });
    const dropped = draftIdOf(other.headers.location)!;
    expect((await submitForm(agent, `${base}/drafts/${dropped}`, `${base}/drafts/${dropped}/cancel`, { name: 'x' })).status).to.equal(302);
    expect((await agent.get(`${base}/drafts/${dropped}`)).status).to.equal(404);
    expect(draftsOf(account.id)).to.deep.equal([]);
    expect(await app.deps.db.getRepository(Prompt).countBy({ accountId: account.id })).to.equal(1);
    const blank = await submitForm(agent, base, `${base}/speak`, { text: '  ', lang: 'ru' });
    expect(blank.status).to.equal(422);
  });

  it('renames and deletes a prompt, removing its file', async () => {
    const { agent, account, base } = await owner();
    const row = await keep(agent, base, readFileSync(toneFile(fixtures, 'r.wav', 1)), 'r.wav', 'Старое имя');
    expect((await submitForm(agent, base, `${base}/${row.id}/rename`, { name: 'Новое имя' })).status).to.equal(302);
    expect((await app.deps.db.getRepository(Prompt).findOneByOrFail({ id: row.id })).name).to.equal('Новое имя');
    expect(existsSync(soundPath(account.id, row.id))).to.equal(true);
    expect((await submitForm(agent, base, `${base}/${row.id}/delete`, {})).status).to.equal(302);
    expect(await app.deps.db.getRepository(Prompt).existsBy({ id: row.id })).to.equal(false);
    expect(existsSync(soundPath(account.id, row.id))).to.equal(false);
  });

  it('another account\'s prompts, drafts and audio are not found; employees and accountants cannot manage prompts', async () => {
    const a = await owner();
    const b = await owner();
    const theirs = await keep(b.agent, b.base, readFileSync(toneFile(fixtures, 'b.wav', 1)), 'b.wav', 'Чужое');
    const res = await upload(b.agent, b.base, readFileSync(toneFile(fixtures, 'b2.wav', 1)), 'b2.wav');
    const theirDraft = draftIdOf(res.headers.location)!;
    // Their ids under my account: nothing of theirs is reachable.
    expect((await a.agent.get(`${a.base}/${theirs.id}/audio`)).status).to.equal(404);
    expect((await a.agent.get(`${a.base}/drafts/${theirDraft}/audio`)).status).to.equal(404);
    expect((await a.agent.get(`${a.base}/drafts/${theirDraft}`)).status).to.equal(404);
    expect((await submitForm(a.agent, a.base, `${a.base}/${theirs.id}/delete`, {})).status).to.equal(404);
    expect((await submitForm(a.agent, a.base, `${a.base}/drafts/${theirDraft}/save`, { name: 'моё' })).status).to.equal(404);
    // Their account's routes: not found.
    expect((await a.agent.get(`${b.base}/${theirs.id}/audio`)).status).to.equal(404);
    expect((await a.agent.get(b.base)).status).to.equal(404);
    expect(await app.deps.db.getRepository(Prompt).existsBy({ id: theirs.id })).to.equal(true);
    expect((await b.agent.get(`${b.base}/${theirs.id}/audio`)).status).to.equal(200);
    for (const role of ['employee', 'accountant'] as const) {
      const { agent } = await signedInMember(app, b.account, role);
      expect((await agent.get(b.base)).status, role).to.equal(403);
      expect((await agent.get(`${b.base}/${theirs.id}/audio`)).status, role).to.equal(403);
    }
    const anonymous = await app.agent().get(`${b.base}/${theirs.id}/audio`);
    expect(anonymous.status).to.be.oneOf([302, 401]);
  });
});
