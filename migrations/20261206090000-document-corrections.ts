import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Correction documents: the month's originals stay unique per (account, kind, period) through a generated
 * column that is NULL for corrections (a unique index ignores NULLs), and each document is corrected at most
 * once, so a correction of a correction always corrects the latest and a repeated issuance cannot slip in.
 */
export class DocumentCorrections20261206090000 implements MigrationInterface {
  name = 'DocumentCorrections20261206090000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issued_documents
      ADD COLUMN original_mark TINYINT AS (IF(corrects_document_id IS NULL, 1, NULL)) PERSISTENT,
      DROP INDEX issued_documents_once,
      ADD UNIQUE KEY issued_documents_once (account_id, kind, period, original_mark),
      ADD UNIQUE KEY issued_documents_corrects (corrects_document_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issued_documents
      DROP INDEX issued_documents_corrects,
      DROP INDEX issued_documents_once,
      DROP COLUMN original_mark,
      ADD UNIQUE KEY issued_documents_once (account_id, kind, period)`);
  }
}
