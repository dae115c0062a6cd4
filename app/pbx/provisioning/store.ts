import type { DataSource } from 'typeorm';

/** An extension as provisioning needs it; `version` is its updated_at, to notice edits made meanwhile. */
export interface PhoneRow {
  id: number;
  exten: string;
  name: string;
  sipUsername: string;
  sipMd5Cred: string;
  version: string;
}

// Terminated accounts lose their phones; suspended ones keep them (emergency numbers always work).
const SELECT = `SELECT e.id, e.exten, e.name, e.sip_username AS sipUsername, e.sip_md5_cred AS sipMd5Cred,
    CAST(e.updated_at AS CHAR) AS version
  FROM extensions e JOIN accounts a ON a.id = e.account_id
  WHERE a.status <> 'terminated'`;

const rowsOf = (rows: PhoneRow[]): PhoneRow[] => rows.map((r) => ({ ...r, id: Number(r.id) }));

/** Every phone that should exist in Asterisk. */
export async function loadPhones(db: DataSource): Promise<PhoneRow[]> {
  return rowsOf(await db.query(`${SELECT} ORDER BY e.id`));
}

/** Phones edited since they were last provisioned, or never provisioned (the cabinet only writes the row). */
export async function loadPendingPhones(db: DataSource): Promise<PhoneRow[]> {
  return rowsOf(await db.query(`${SELECT} AND (e.provisioned_at IS NULL OR e.provisioned_at <> e.updated_at) ORDER BY e.id`));
}

/** One extension's phone, or undefined when it should not exist (deleted, or its account terminated). */
export async function loadPhone(db: DataSource, id: number): Promise<PhoneRow | undefined> {
  return rowsOf(await db.query(`${SELECT} AND e.id = ?`, [id]))[0];
}

/** SIP user names of phones still provisioned although their account is terminated. */
export async function loadTerminatedPhones(db: DataSource): Promise<string[]> {
  const rows: { sipUsername: string }[] = await db.query(
    `SELECT e.sip_username AS sipUsername FROM extensions e JOIN accounts a ON a.id = e.account_id
     WHERE a.status = 'terminated' AND e.provisioned_at IS NOT NULL`,
  );
  return rows.map((r) => r.sipUsername);
}

/** Extensions the cabinet deleted whose phone may still be in Asterisk; `reused`: a newer extension has the name now. */
export async function loadDeletedPhones(db: DataSource): Promise<{ id: number; sipUsername: string; reused: boolean }[]> {
  const rows: { id: number; sipUsername: string; reused: number | string }[] = await db.query(
    `SELECT d.id, d.sip_username AS sipUsername,
       EXISTS (SELECT 1 FROM extensions e WHERE e.sip_username = d.sip_username AND e.created_at > d.deleted_at) AS reused
     FROM deleted_extensions d WHERE d.removed_at IS NULL ORDER BY d.id`,
  );
  return rows.map((r) => ({ id: Number(r.id), sipUsername: r.sipUsername, reused: Number(r.reused) === 1 }));
}

/** The deleted extension's phone is out of Asterisk (or a newer extension owns the name). */
export async function stampRemoved(db: DataSource, id: number, at: Date): Promise<void> {
  await db.query('UPDATE deleted_extensions SET removed_at = ? WHERE id = ?', [at, id]);
}

/**
 * Marks the version that was provisioned: provisioned_at takes the row's updated_at, so "in sync"
 * is provisioned_at = updated_at, whatever the clocks of the app and the database say. False when
 * the row was edited or deleted meanwhile (what Asterisk got may be stale). updated_at is kept.
 */
export async function stampProvisioned(db: DataSource, phone: PhoneRow): Promise<boolean> {
  const result: { affectedRows: number } = await db.query(
    'UPDATE extensions SET provisioned_at = updated_at, updated_at = updated_at WHERE id = ? AND sip_username = ? AND updated_at = ?',
    [phone.id, phone.sipUsername, phone.version],
  );
  return result.affectedRows > 0;
}

/** The phone is no longer in Asterisk. */
export async function clearProvisioned(db: DataSource, sipUsername: string): Promise<void> {
  await db.query('UPDATE extensions SET provisioned_at = NULL, updated_at = updated_at WHERE sip_username = ?', [sipUsername]);
}
