/**
 * The fake Asterisk as a standalone server with the project's own dialplan (extensions.conf as
 * rendered), for trying the cabinet and engine without an Asterisk (`make fake-asterisk`) and for
 * checking `make test-asterisk`'s real-Asterisk path on a machine that has none.
 */
import { parseArgs } from 'node:util';
import { DIALPLAN_CONTEXTS, TRUNK_ENDPOINT_DEFAULT } from '../../app/pbx/contract';
import { SOUNDS } from '../../app/pbx/sounds';
import { startFakeAsterisk } from './fake-asterisk';
import { loadExtensionsConf } from './fake-asterisk/dialplan-conf';
import { renderedExtensionsConf } from './telephony-world';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8088' },
    user: { type: 'string', default: 'vpbx' },
    password: { type: 'string', default: 'fake-secret' },
    app: { type: 'string', default: 'vpbx' },
    'time-scale': { type: 'string', default: '1' },
    'sip-port': { type: 'string', default: '5060' },
    /** where the trunk's carrier is, as pjsip.conf's [carrier] contact (make asterisk-config --trunk-host/--trunk-port) */
    carrier: { type: 'string', default: '127.0.0.1:5099' },
  },
});

(async () => {
  const fake = await startFakeAsterisk({ port: Number(values.port), user: values.user, password: values.password, timeScale: Number(values['time-scale']), sipPort: Number(values['sip-port']) });
  loadExtensionsConf(fake.dialplan, renderedExtensionsConf(values.app!));
  for (const sound of Object.values(SOUNDS)) if (!fake.sounds.has(sound)) fake.sounds.add(sound, sound === SOUNDS.recordingWarning ? 8 : 3);
  const [carrierHost, carrierPort] = values.carrier!.split(':');
  fake.addEndpoint(TRUNK_ENDPOINT_DEFAULT, { context: DIALPLAN_CONTEXTS.fromTrunk, online: true });
  fake.setContact(TRUNK_ENDPOINT_DEFAULT, { host: carrierHost, port: Number(carrierPort ?? 5060) });
  const sip = fake.sipAddress;
  console.log(`fake Asterisk on ${fake.url} (ARI user ${values.user}), SIP on udp ${sip.host}:${sip.port}, trunk to ${values.carrier}, Stasis app ${values.app}; Ctrl-C stops it`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
})();
