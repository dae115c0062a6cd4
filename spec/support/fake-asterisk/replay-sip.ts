/** Plays the SIP phones of traces i-n from their notes ("[alice UA :5070] -> INVITE ...") on the fake. */
import type { Phone } from './phone';
import type { NoteHandler, Replayer } from './replay';

const UA = /^\[(\w+) UA :(\d+)\] (->|<-) (.*)$/;
const NAMES: Record<string, string> = { alice: 'Alice Phone', bob: 'Bob Phone', carol: 'Carol Dyn' };

/** Phones by UA name, in call order (the last one is the current call). */
export class SipPhones {
  readonly calls = new Map<string, Phone[]>();
  /** each REGISTER with credentials: accepted (200) or not (401) */
  readonly registrations: Array<{ ua: string; ok: boolean }> = [];

  current(ua: string): Phone | undefined {
    return [...(this.calls.get(ua) ?? [])].reverse().find((p) => p.alive);
  }

  add(ua: string, phone: Phone): void {
    this.calls.set(ua, [...(this.calls.get(ua) ?? []), phone]);
  }

  /** The note handler; bob (or anyone dialed) is scripted 'manual' so 180/200 notes drive it. */
  handler(): NoteHandler {
    return async (text: string, replay: Replayer) => {
      const m = UA.exec(text);
      if (!m) return;
      const [, ua, port, dir, what] = m;
      if (dir === '->') await this.sent(replay, ua, port, what);
    };
  }

  private async sent(replay: Replayer, ua: string, port: string, what: string): Promise<void> {
    const fake = replay.fake;
    if (/^REGISTER .*\(with credentials\)/.test(what)) return void this.registrations.push({ ua, ok: fake.registerPhone(ua) });
    const invite = /^INVITE sip:(\w+)@127\.0\.0\.1 \(with credentials\)/.exec(what);
    if (invite) return this.add(ua, fake.placeCall({ endpoint: ua, dialed: invite[1], callerName: NAMES[ua], callerNumber: ua, remoteAddr: `127.0.0.1:${port}`, sipHeaders: { 'User-Agent': 'ceo-node-ua/0.1' } }));
    if (/^INVITE sip:(asterisk@)?127\.0\.0\.1:5060 SDP a=(sendonly|inactive)/.test(what)) return this.current(ua)?.hold();
    if (/^INVITE sip:(asterisk@)?127\.0\.0\.1:5060 SDP a=sendrecv/.test(what)) return this.current(ua)?.unhold();
    if (/^180 Ringing/.test(what)) return (await this.callee(replay, ua)).ring();
    if (/^200 OK \(answer\)/.test(what)) return (await this.callee(replay, ua)).answer();
    if (/^BYE/.test(what)) return this.current(ua)?.hangup();
    const refer = /^REFER .*Refer-To: <sip:(\w+)@[^?>]*(\?Replaces=[^>]*)?>/.exec(what);
    if (refer && refer[2]) return this.attended(ua);
    if (refer) return this.current(ua)?.blindTransfer(refer[1]);
  }

  private async callee(replay: Replayer, ua: string): Promise<Phone> {
    const phone = this.current(ua) ?? (await replay.fake.waitForDial(ua));
    if (!this.calls.get(ua)?.includes(phone)) this.add(ua, phone);
    return phone;
  }

  /** REFER with Replaces in call 1's dialog: call 1 (first live call) joins call 2's far end. */
  private attended(ua: string): void {
    const live = (this.calls.get(ua) ?? []).filter((p) => p.alive);
    if (live.length >= 2) live[0].attendedTransfer(live[1]);
  }
}
