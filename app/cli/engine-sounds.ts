/** Speaks the engine's notices into an Asterisk sounds directory: tsx app/cli/engine-sounds.ts --out /usr/share/asterisk/sounds */
import { parseArgs } from 'node:util';
import { renderEngineSounds } from '../features/speech/engine-sounds';
import { EspeakSynthesizer } from '../features/speech/synthesizer';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) {
  console.error('usage: engine-sounds --out <asterisk sounds directory>');
  process.exit(2);
}
renderEngineSounds(new EspeakSynthesizer(), values.out).then(
  (files) => console.log(`${files.length} notices written under ${values.out}`),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
