declare module 'express-mysql-session' {
  import type { Store } from 'express-session';
  interface MySQLStoreOptions {
    createDatabaseTable?: boolean;
    clearExpired?: boolean;
    expiration?: number;
    endConnectionOnClose?: boolean;
  }
  interface MySQLStore extends Store {
    close(): Promise<void>;
  }
  type MySQLStoreClass = new (options: MySQLStoreOptions, connection?: unknown) => MySQLStore;
  export default function factory(session: unknown): MySQLStoreClass;
}
