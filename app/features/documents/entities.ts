import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const documentKinds = ['invoice', 'act', 'vat_invoice'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/**
 * A document as issued: the frozen input it was rendered from and where its files lie under
 * config.media.storageDir. Rows are never updated; a correction is a new document (corrects_document_id).
 * The files are a rendering of `input`, so a lost file is rendered again from it, byte for byte the same content.
 */
@Entity('issued_documents')
export class IssuedDocument {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'enum', enum: documentKinds }) kind!: DocumentKind;
  @Column({ type: 'smallint', unsigned: true }) year!: number;
  /** Continuous per kind and year: 1, 2, 3, … with no gaps (document_counters). */
  @Column({ type: 'int', unsigned: true }) number!: number;
  @Column({ type: 'varchar', length: 20 }) numberText!: string;
  /** The month the services were rendered, YYYY-MM. */
  @Column({ type: 'char', length: 7 }) period!: string;
  @Column({ type: 'date' }) issuedOn!: string;
  @Column({ type: 'date' }) turnoverDate!: string;
  /** Invoices only: pay by this day (Almaty). */
  @Column({ type: 'date', nullable: true }) dueDate!: string | null;
  @Column({ type: 'decimal', precision: 5, scale: 2, nullable: true }) vatRate!: string | null;
  @Column({ type: 'bigint' }) netTiyn!: number;
  @Column({ type: 'bigint' }) vatTiyn!: number;
  @Column({ type: 'bigint' }) grossTiyn!: number;
  @Column({ type: 'json' }) input!: Record<string, unknown>;
  /** Relative to config.media.storageDir. */
  @Column({ type: 'varchar', length: 255 }) pdfPath!: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) xmlPath!: string | null;
  @Column({ type: 'bigint', unsigned: true, nullable: true }) correctsDocumentId!: number | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}
