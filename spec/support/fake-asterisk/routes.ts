/** All ARI routes of the fake. */
import { Router } from './router';
import { registerAppRoutes } from './routes-apps';
import { registerAsteriskRoutes } from './routes-asterisk';
import { registerBridgeRoutes } from './routes-bridges';
import { registerChannelRoutes } from './routes-channels';
import { registerMediaRoutes } from './routes-media';
import type { World } from './world';

export function buildRouter(world: World): Router {
  const router = new Router();
  registerChannelRoutes(router, world);
  registerBridgeRoutes(router, world);
  registerAppRoutes(router, world);
  registerMediaRoutes(router, world);
  registerAsteriskRoutes(router, world);
  return router;
}
