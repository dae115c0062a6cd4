/**
 * Platform staff from the command line (never a default password):
 *   admin create --email a@b.kz --name "Name" --role support|superadmin   prints the link to set login and password
 *   admin role --email a@b.kz --role support|superadmin|none
 *   admin list
 */
import { parseArgs } from 'node:util';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { ValidationError } from '../errors';
import { email as emailSchema } from '../features/auth/schemas';
import { createMailer } from '../features/mail/mailer';
import { User } from '../features/users/entities';
import { staffRoles, type StaffRole } from '../features/users/roles';
import { createStaff, setStaffRole } from '../features/users/staff';
import { createLogger } from '../logger';
import { IsNull, Not } from 'typeorm';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function staffRole(value: string | undefined, allowNone = false): StaffRole | null {
  if (allowNone && value === 'none') return null;
  if (!value || !(staffRoles as readonly string[]).includes(value)) fail(`--role must be one of: ${staffRoles.join(', ')}${allowNone ? ', none' : ''}`);
  return value as StaffRole;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('warn');
  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  // With no SMTP configured the link printed here is the way in; the capture server may not be running.
  const mailer = createMailer({ smtpUrl: config.mail.smtpUrl ?? `smtp://127.0.0.1:${config.mail.capture!.port}`, from: config.mail.from }, logger);
  const deps = { config, db, logger, clock: systemClock, mailer: { send: (m: Parameters<typeof mailer.send>[0]) => mailer.send(m).catch(() => console.warn('(e-mail not sent: no SMTP server reachable)')), close: mailer.close } };
  try {
    const command = positionals[0];
    const email = values.email ? emailSchema.safeParse(values.email) : undefined;
    if (command === 'create') {
      if (!email?.success) fail('--email must be an e-mail address');
      if (!values.name?.trim()) fail('--name is required');
      const link = await createStaff(deps, { email: email.data, name: values.name.trim(), role: staffRole(values.role)! });
      console.log(`Staff user created. They choose a login and password here:\n  ${link}`);
    } else if (command === 'role') {
      if (!email?.success) fail('--email must be an e-mail address');
      const done = await setStaffRole(deps, email.data, staffRole(values.role, true));
      console.log(done ? 'role changed' : 'no such user');
    } else if (command === 'list') {
      const staff = await db.getRepository(User).find({ where: { staffRole: Not(IsNull()) }, order: { id: 'ASC' } });
      for (const u of staff) console.log(`${u.id}\t${u.email}\t${u.staffRole}\t${u.status}`);
    } else {
      fail('usage: admin create --email E --name N --role support|superadmin | role --email E --role R|none | list');
    }
  } catch (err) {
    if (err instanceof ValidationError) fail(`refused: ${Object.values(err.fields).join(', ')}`);
    throw err;
  } finally {
    mailer.close();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
