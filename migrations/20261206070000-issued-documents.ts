import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issued accounting documents (never changed once written) and their per-kind, per-year number counters. */
export class IssuedDocuments20261206070000 implements MigrationInterface {
  name = 'IssuedDocuments20261206070000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE document_counters (
      kind ENUM('invoice','act','vat_invoice') NOT NULL,
      year SMALLINT UNSIGNED NOT NULL,
      last_number INT UNSIGNED NOT NULL DEFAULT 0,
      PRIMARY KEY (kind, year)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE issued_documents (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      account_id INT UNSIGNED NOT NULL,
      kind ENUM('invoice','act','vat_invoice') NOT NULL,
      year SMALLINT UNSIGNED NOT NULL,
      number INT UNSIGNED NOT NULL,
      number_text VARCHAR(20) NOT NULL,
      period CHAR(7) NOT NULL,
      issued_on DATE NOT NULL,
      turnover_date DATE NOT NULL,
      due_date DATE NULL,
      vat_rate DECIMAL(5,2) NULL,
      net_tiyn BIGINT NOT NULL,
      vat_tiyn BIGINT NOT NULL,
      gross_tiyn BIGINT NOT NULL,
      input JSON NOT NULL,
      pdf_path VARCHAR(255) NOT NULL,
      xml_path VARCHAR(255) NULL,
      corrects_document_id BIGINT UNSIGNED NULL,
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY issued_documents_number (kind, year, number),
      UNIQUE KEY issued_documents_once (account_id, kind, period),
      KEY issued_documents_period (period, account_id),
      KEY issued_documents_due (kind, due_date),
      CONSTRAINT issued_documents_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE RESTRICT
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query('ALTER TABLE accounts ADD COLUMN termination_marked_at DATETIME(3) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE accounts DROP COLUMN termination_marked_at');
    await q.query('DROP TABLE IF EXISTS issued_documents');
    await q.query('DROP TABLE IF EXISTS document_counters');
  }
}
