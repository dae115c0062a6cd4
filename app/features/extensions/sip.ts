import { createHash, randomInt } from 'node:crypto';
import QRCode from 'qrcode';

/** The digest realm provisioning gives every customer phone. */
export const SIP_REALM = 'vpbx';
export const SIP_PORT = 5060;
export const SIP_TRANSPORT = 'UDP';

// No 0/O, 1/l/I: people type this password into a phone's keypad or web page.
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const PASSWORD_LENGTH = 16;

/** The SIP user name (also the Asterisk endpoint id) of an extension: unique across accounts. */
export const sipUsernameFor = (accountId: number, exten: string): string => `a${accountId}-${exten}`;

/** A fresh SIP password from a crypto-random source; it is shown once and never stored. */
export function generateSipPassword(): string {
  return Array.from({ length: PASSWORD_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** What is stored instead of the password: md5("<user>:vpbx:<password>"), which Asterisk accepts as md5_cred. */
export function sipMd5Cred(username: string, password: string): string {
  return createHash('md5').update(`${username}:${SIP_REALM}:${password}`).digest('hex');
}

export interface PhoneSettings {
  server: string;
  port: number;
  transport: string;
  login: string;
}

/** Where a phone registers: the host of the cabinet's public URL until the PBX gets its own SIP host setting. */
export function phoneSettings(publicUrl: string, login: string): PhoneSettings {
  return { server: new URL(publicUrl).hostname, port: SIP_PORT, transport: SIP_TRANSPORT, login };
}

/** A QR code (SVG markup) of the account as a SIP URI that softphones can scan: sip:login:password@server:port. */
export function softphoneQrSvg(settings: PhoneSettings, password: string): Promise<string> {
  const uri = `sip:${settings.login}:${encodeURIComponent(password)}@${settings.server}:${settings.port};transport=${settings.transport.toLowerCase()}`;
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
