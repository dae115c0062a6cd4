import 'reflect-metadata';
import { DataSource, type EntityManager } from 'typeorm';
import { migrations } from '../../migrations';
import { entities } from './entities';
import { SnakeNamingStrategy } from './naming';

/** Builds (does not connect) the DataSource for a mysql:// URL. */
export function createDataSource(url: string): DataSource {
  return new DataSource({
    type: 'mysql',
    url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    // trace: mysql2 would capture a stack on every query for its error messages; TypeORM's errors carry the query.
    extra: { connectionLimit: 10, trace: false },
  });
}

/** Runs work in one transaction; every multi-table write goes through here. */
export function inTransaction<T>(db: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(work);
}
