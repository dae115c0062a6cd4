import type { Config } from '../../config';
import { notFound, pbxUnavailable } from '../../errors';
import { ariNode, ariRequest, type AriNodeConfig } from '../../pbx/ari/rest';

type PbxConfig = Config['pbx'];
export type PbxNodeConfig = AriNodeConfig;

/** What the cabinet asks of Asterisk to ring a phone into the Stasis app (POST /ari/channels). */
export interface Originate {
  endpoint: string;
  appArgs: string[];
  callerId?: string;
  timeoutSeconds: number;
  formats: string;
  variables: Record<string, string>;
  /** Our id for the channel, so a later request can name it. */
  channelId: string;
}

/**
 * The few ARI requests a web process makes, over plain REST: no events websocket, so the web
 * role needs no connection of its own to Asterisk. Every request has a timeout; an unreachable
 * or failing Asterisk is "PBX unavailable" (503).
 */
export class AriRest {
  constructor(private readonly config: () => PbxConfig) {}

  /** The configured node of this name; a call on a node no longer configured cannot be reached. */
  node(name: string): PbxNodeConfig {
    return ariNode(this.config(), name);
  }

  /** Hangs a channel up; false when Asterisk no longer has it (404: the call ended meanwhile). */
  async hangup(node: PbxNodeConfig, channelId: string): Promise<boolean> {
    const res = await this.request(node, 'DELETE', `/channels/${encodeURIComponent(channelId)}`, { reason: 'normal' });
    if (res.status === 404) return false;
    await this.expectOk(res, 'hangup');
    return true;
  }

  /** Rings an endpoint; the channel enters the Stasis app with `appArgs` once answered. */
  async originate(node: PbxNodeConfig, o: Originate): Promise<string> {
    const params = {
      endpoint: o.endpoint,
      app: this.config().app,
      appArgs: o.appArgs.join(','),
      timeout: String(o.timeoutSeconds),
      formats: o.formats,
      channelId: o.channelId,
      ...(o.callerId ? { callerId: o.callerId } : {}),
    };
    const res = await this.request(node, 'POST', '/channels', params, { variables: o.variables });
    if (res.status === 404) throw notFound('endpoint');
    await this.expectOk(res, 'originate');
    const channel = (await res.json()) as { id: string };
    return channel.id;
  }

  private request(node: PbxNodeConfig, method: string, path: string, query: Record<string, string>, body?: unknown): Promise<Response> {
    return ariRequest(this.config(), node, method, path, { query, body });
  }

  private async expectOk(res: Response, what: string): Promise<void> {
    if (res.ok) return;
    const text = await res.text().catch(() => '');
    throw pbxUnavailable(new Error(`ARI ${what}: ${res.status} ${text.slice(0, 200)}`));
  }
}
