import session from 'express-session';
import MySQLStoreFactory from 'express-mysql-session';
import type { RequestHandler } from 'express';
import { createPool } from 'mysql2';
import type { Config } from '../config';

export interface SessionMiddleware {
  middleware: RequestHandler;
  close(): Promise<void>;
}

const MySQLStore = MySQLStoreFactory(session);

/** Sessions live in MySQL (table made by the migrations), so any web process can serve any request. */
export function createSession(config: Config): SessionMiddleware {
  const pool = createPool({ uri: config.databaseUrl, connectionLimit: 5 }).promise();
  const store = new MySQLStore(
    {
      createDatabaseTable: false,
      clearExpired: false, // the purge-expired-sessions job does it, once across processes
      expiration: 12 * 60 * 60 * 1000,
      endConnectionOnClose: true,
    },
    pool,
  );
  const secure = config.http.publicUrl.startsWith('https://');
  const middleware = session({
    name: 'vpbx.sid',
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.http.trustProxy,
    cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: 12 * 60 * 60 * 1000 },
  });
  return { middleware, close: () => store.close() };
}
