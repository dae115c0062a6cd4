import { randomInt } from 'node:crypto';
import { expect } from 'chai';
import type { Account } from '../../app/features/accounts/entities';
import { Call } from '../../app/features/calls/entities';
import { Recording } from '../../app/features/recordings/entities';
import { SOUNDS } from '../../app/pbx/sounds';
import type { EventLogEntry, Phone, RequestLogEntry } from '../support/fake-asterisk';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildAccountWithOwner } from '../support/factories';
import { buildExtension, buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';

const WARNING = `sound:${SOUNDS.recordingWarning}`;

describe('call recording under the law (engine against the fake Asterisk)', () => {
  let h: PbxHarness;
  before(async () => {
    h = await startPbxHarness();
    h.fake.addEndpoint('carrier', { online: true });
    // 60 s of Asterisk time: about 0.6 s at the fake's time scale, time enough to press a key in it.
    h.fake.sounds.add(SOUNDS.recordingWarning, 60);
  });
  after(() => h.close());

  async function account(overrides: Partial<Account> = {}): Promise<Account> {
    return (await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid', recordCalls: true, ...overrides })).account;
  }

  /** An inbound call to a number whose scenario rings extension 101, which answers. */
  async function callExtension(acc: Account): Promise<{ caller: Phone; callee: () => Promise<Phone> }> {
    const ext = await buildExtension(h.deps.db, acc, '101');
    h.fake.addEndpoint(ext.sipUsername, { online: true });
    h.fake.onDial(`PJSIP/${ext.sipUsername}`, { action: 'answer', afterMs: 50 });
    const caller = await call(acc, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: '101' } } } });
    return { caller, callee: () => h.fake.waitForDial(ext.sipUsername, 5000) };
  }

  /** An inbound call whose scenario forwards to an outside number, which answers. */
  async function callForward(acc: Account): Promise<{ caller: Phone; party: () => Promise<Phone> }> {
    const number = `+7701${randomInt(1_000_000, 9_999_999)}`;
    const dialled = new RegExp(`\\${number}`);
    h.fake.onDial(dialled, { action: 'answer', afterMs: 50 });
    const caller = await call(acc, { start: 'fwd', steps: { fwd: { type: 'forward', number } } });
    return { caller, party: () => h.fake.waitForDial(dialled, 5000) };
  }

  async function call(acc: Account, definition: unknown): Promise<Phone> {
    const scenario = await buildScenario(h.deps.db, acc, definition);
    const number = await buildNumber(h.deps.db, acc, scenario);
    return h.fake.callIntoStasis({ app: h.app, args: ['inbound', number.e164], callerNumber: randomMobile(), endpoint: 'carrier' });
  }

  const warningStarted = (phone: Phone) =>
    h.fake.waitForEvent((e) => e.type === 'PlaybackStarted' && e.event.playback?.target_uri === `channel:${phone.channelId}` && e.event.playback?.media_uri === WARNING, 5000);
  const warningFinished = (phone: Phone) =>
    h.fake.waitForEvent((e) => e.type === 'PlaybackFinished' && e.event.playback?.target_uri === `channel:${phone.channelId}`, 5000);
  const bridged = (phone: Phone) => h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id === phone.channelId, 5000);
  const recordRequests = (): RequestLogEntry[] => h.fake.requests.filter((r) => r.method === 'POST' && /^\/bridges\/[^/]+\/record$/.test(r.path));
  const recordRequestOf = (callId: number) => recordRequests().filter((r) => r.path === `/bridges/call-${callId}/record`);
  const warningsPlayedTo = (phone: Phone) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${phone.channelId}/play` && r.query.media === WARNING);
  const callOf = async (phone: Phone) => (await h.deps.db.getRepository(Call).findOneByOrFail({ channelId: phone.channelId })).id;
  const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

  async function finalRecording(recordingId: number): Promise<Recording> {
    const deadline = Date.now() + 8000;
    for (;;) {
      const row = await h.deps.db.getRepository(Recording).findOneByOrFail({ id: recordingId });
      if (row.state !== 'recording' || Date.now() > deadline) return row;
      await settle(50);
    }
  }

  it('given an inbound call to a recording account, when the caller hears the warning to its end, then the bridge is recorded only after PlaybackFinished and the row is done with its duration', async () => {
    const acc = await account();
    const { caller, callee } = await callExtension(acc);
    const finished = await warningFinished(caller);
    expect(finished.event.playback?.state).to.equal('done');
    const phone = await callee();
    await bridged(phone);
    const started = await h.fake.waitForEvent('RecordingStarted', 5000, finished.seq);
    const callId = await callOf(caller);
    const [record] = recordRequestOf(callId);
    expect(record, 'a record request for the call bridge').to.exist;
    expect(record.seq).to.be.greaterThan(finished.seq);
    expect(record.query).to.include({ name: `calls/${acc.id}/${callId}`, format: 'wav', ifExists: 'fail' });
    const dial = h.fake.requests.find((r) => r.method === 'POST' && r.path === '/channels' && String(r.query.endpoint).includes(`a${acc.id}-101`));
    expect(dial!.seq, 'the extension rings only after the warning').to.be.greaterThan(finished.seq);
    expect(started.event.recording?.target_uri).to.equal(`bridge:call-${callId}`);
    await settle(1100);
    caller.hangup();
    const done = await h.fake.waitForEvent((e) => e.type === 'RecordingFinished' && e.event.recording?.name === record.query.name, 5000);
    const row = await h.finishedCall(caller.channelId);
    expect(row.consent).to.equal('accepted');
    expect(row.recordingId).to.be.a('number');
    const recording = await finalRecording(row.recordingId!);
    expect(recording).to.include({ accountId: acc.id, callId, kind: 'call', asteriskName: `calls/${acc.id}/${callId}`, state: 'done', durationSeconds: done.event.recording?.duration });
    expect(recording.durationSeconds).to.be.at.least(1);
    expect(h.fake.requests.some((r) => r.method === 'POST' && r.path === `/recordings/live/${encodeURIComponent(record.query.name)}/stop`), 'stopped at the end').to.equal(true);
  });

  it('given the warning playing, when the caller presses the decline key, then nothing is recorded, the call is bridged and the consent is declined', async () => {
    const acc = await account({ recordingDeclineDigit: '7' });
    const { caller, callee } = await callExtension(acc);
    await warningStarted(caller);
    await caller.dtmf('7');
    const phone = await callee();
    await bridged(phone);
    await settle();
    expect(recordRequestOf(await callOf(caller))).to.deep.equal([]);
    expect(phone.alive && caller.alive, 'the call goes on').to.equal(true);
    caller.hangup();
    const row = await h.finishedCall(caller.channelId);
    expect(row).to.include({ consent: 'declined', recordingId: null, disposition: 'answered' });
  });

  it('given the warning playing, when the caller presses another key, then the warning goes on and the call is recorded', async () => {
    const acc = await account();
    const { caller, callee } = await callExtension(acc);
    await warningStarted(caller);
    await caller.dtmf('1');
    const finished = await warningFinished(caller);
    expect(finished.event.playback?.state).to.equal('done');
    await bridged(await callee());
    await h.fake.waitForEvent('RecordingStarted', 5000, finished.seq);
    caller.hangup();
    expect((await h.finishedCall(caller.channelId)).consent).to.equal('accepted');
  });

  it('given the warning playing, when the caller hangs up, then nothing is dialled or recorded and the consent is hung_up', async () => {
    const acc = await account();
    const { caller } = await callExtension(acc);
    await warningStarted(caller);
    caller.hangup();
    const row = await h.finishedCall(caller.channelId);
    expect(row).to.include({ consent: 'hung_up', recordingId: null });
    expect(h.fake.requests.some((r) => r.method === 'POST' && r.path === '/channels' && String(r.query.endpoint).includes(`a${acc.id}-101`))).to.equal(false);
    expect(recordRequestOf(row.id)).to.deep.equal([]);
  });

  it('given the warning sound is missing, then the call is connected unrecorded and the consent is warning_failed', async () => {
    const acc = await account({ recordingWarningSound: `custom/acc-missing-${randomInt(1e6)}` });
    const { caller, callee } = await callExtension(acc);
    const finished = await h.fake.waitForEvent((e) => e.type === 'PlaybackFinished' && e.event.playback?.target_uri === `channel:${caller.channelId}`, 5000);
    expect(finished.event.playback?.state).to.equal('failed');
    const phone = await callee();
    await bridged(phone);
    await settle();
    expect(recordRequestOf(await callOf(caller))).to.deep.equal([]);
    expect(caller.alive && phone.alive, 'still connected').to.equal(true);
    caller.hangup();
    expect((await h.finishedCall(caller.channelId)).consent).to.equal('warning_failed');
  });

  it('given a forward to an outside number, when the called party hears the warning on answer, then recording starts only after both warnings, and no listener is left after the call', async () => {
    const acc = await account();
    const listenersBefore = h.pbx.nodes[0].node.events.size;
    const { caller, party } = await callForward(acc);
    const callerHeard = await warningFinished(caller);
    const phone = await party();
    await warningStarted(phone);
    const partyHeard = await warningFinished(phone);
    expect(partyHeard.event.playback?.state).to.equal('done');
    await bridged(phone);
    const callId = await callOf(caller);
    await h.fake.waitForEvent('RecordingStarted', 5000, partyHeard.seq);
    const [record] = recordRequestOf(callId);
    expect(record.seq).to.be.greaterThan(Math.max(callerHeard.seq, partyHeard.seq));
    caller.hangup();
    const row = await h.finishedCall(caller.channelId);
    expect(row.consent).to.equal('accepted');
    expect((await finalRecording(row.recordingId!)).state).to.equal('done');
    const deadline = Date.now() + 3000;
    while (h.pbx.nodes[0].node.events.size > listenersBefore && Date.now() < deadline) await settle(20);
    expect(h.pbx.nodes[0].node.events.size).to.be.at.most(listenersBefore);
  });

  it('given a forward to an outside number, when the called party presses the decline key, then the call is bridged unrecorded and the consent is declined', async () => {
    const acc = await account();
    const { caller, party } = await callForward(acc);
    await warningFinished(caller);
    const phone = await party();
    await warningStarted(phone);
    await phone.dtmf('9');
    await bridged(phone);
    await bridged(caller);
    await settle();
    expect(recordRequestOf(await callOf(caller))).to.deep.equal([]);
    caller.hangup();
    const row = await h.finishedCall(caller.channelId);
    expect(row).to.include({ consent: 'declined', recordingId: null });
  });

  it('given an account that does not record, then no warning is played, nothing is recorded and the consent stays not_required', async () => {
    const acc = await account({ recordCalls: false });
    const { caller, callee } = await callExtension(acc);
    const phone = await callee();
    await bridged(phone);
    await settle();
    expect(warningsPlayedTo(caller)).to.deep.equal([]);
    expect(recordRequestOf(await callOf(caller))).to.deep.equal([]);
    caller.hangup();
    expect((await h.finishedCall(caller.channelId)).consent).to.equal('not_required');
  });

  it('given a recorded call, when a channel that has not heard the warning joins the bridge, then the recording stops at once', async () => {
    const acc = await account();
    const { caller, callee } = await callExtension(acc);
    await bridged(await callee());
    const started = await h.fake.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.name?.startsWith(`calls/${acc.id}/`), 5000);
    const callId = await callOf(caller);
    const stranger = h.fake.callIntoStasis({ app: h.app, args: ['originated', String(callId)], callerNumber: randomMobile(), endpoint: 'carrier' });
    await h.fake.waitForEvent((e) => e.type === 'StasisStart' && e.event.channel?.id === stranger.channelId, 5000);
    await ariPost(`/bridges/call-${callId}/addChannel?channel=${stranger.channelId}`);
    const stopped: EventLogEntry = await h.fake.waitForEvent((e) => e.type === 'RecordingFinished' && e.event.recording?.name === started.event.recording?.name, 5000);
    expect(caller.alive, 'the call itself goes on').to.equal(true);
    const row = await h.deps.db.getRepository(Call).findOneByOrFail({ id: callId });
    expect((await finalRecording(row.recordingId!)).state).to.equal('done');
    expect(stopped.seq).to.be.greaterThan(started.seq);
    caller.hangup();
    stranger.hangup();
    await h.finishedCall(caller.channelId);
  });

  /** The test acting as another ARI client (e.g. a transfer the engine did not make). */
  async function ariPost(path: string): Promise<void> {
    const auth = Buffer.from(`${h.fake.user}:${h.fake.password}`).toString('base64');
    const res = await fetch(`${h.fake.url}/ari${path}`, { method: 'POST', headers: { authorization: `Basic ${auth}` } });
    expect(res.status, `POST ${path}`).to.be.lessThan(300);
  }
});
