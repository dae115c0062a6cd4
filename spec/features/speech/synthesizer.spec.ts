import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderEngineSounds } from '../../../app/features/speech/engine-sounds';
import { EspeakSynthesizer } from '../../../app/features/speech/synthesizer';

/** sox's own reading of a file: rate, channels, seconds and loudness. */
function soxInfo(file: string) {
  const rate = Number(execFileSync('soxi', ['-r', file]).toString());
  const channels = Number(execFileSync('soxi', ['-c', file]).toString());
  const seconds = Number(execFileSync('soxi', ['-D', file]).toString());
  const stat = spawnSync('sox', [file, '-n', 'stat']).stderr.toString();
  const rms = Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(stat)?.[1]);
  return { rate, channels, seconds, rms };
}

describe('speech synthesis for prompts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpbx-tts-'));
  const synth = new EspeakSynthesizer();

  it('given Russian, Kazakh and English text, then each becomes audible 8 kHz mono speech whose length follows the text', async () => {
    for (const [lang, text] of [['ru', 'Здравствуйте, вы позвонили в компанию Ромашка.'], ['kk', 'Сәлеметсіз бе, Ромашка компаниясына қош келдіңіз.'], ['en', 'Hello, you have reached Romashka.']] as const) {
      const file = path.join(dir, `${lang}.wav`);
      await synth.synthesize(text, lang, file);
      const info = soxInfo(file);
      expect(info, lang).to.include({ rate: 8000, channels: 1 });
      expect(info.seconds, lang).to.be.within(1, 10);
      expect(info.rms, `${lang} is not silence`).to.be.above(0.01);
    }
    const short = path.join(dir, 'short.wav');
    await synth.synthesize('Да.', 'ru', short);
    expect(soxInfo(short).seconds).to.be.below(soxInfo(path.join(dir, 'ru.wav')).seconds);
  });

  it('given empty or huge text, then it refuses and writes nothing; shell characters are just spoken', async () => {
    for (const bad of ['', '   ', 'а'.repeat(2001)]) {
      const file = path.join(dir, 'bad.wav');
      let refused = false;
      await synth.synthesize(bad, 'ru', file).catch(() => (refused = true));
      expect(refused, JSON.stringify(bad.slice(0, 5))).to.equal(true);
      expect(existsSync(file)).to.equal(false);
    }
    const file = path.join(dir, 'shell.wav');
    await synth.synthesize('$(touch /tmp/vpbx-pwned); `id`', 'en', file);
    expect(existsSync('/tmp/vpbx-pwned')).to.equal(false);
    expect(soxInfo(file).rate).to.equal(8000);
  });

  it('renders the engine\'s own notices where Asterisk looks for each language', async () => {
    const sounds = path.join(dir, 'sounds');
    const files = await renderEngineSounds(synth, sounds);
    expect(files).to.have.length(9);
    expect(readdirSync(path.join(sounds, 'vpbx')).sort()).to.deep.equal(['no-funds.wav', 'recording-warning.wav', 'service-suspended.wav']);
    expect(existsSync(path.join(sounds, 'kk', 'vpbx', 'recording-warning.wav'))).to.equal(true);
    expect(soxInfo(path.join(sounds, 'vpbx', 'recording-warning.wav')).seconds).to.be.above(2);
  });
});
