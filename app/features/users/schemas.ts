import { z } from 'zod';
import { email, personName } from '../auth/schemas';
import { accountRoles } from './roles';

const role = z.enum(accountRoles, { error: 'validation.role' });

export const inviteForm = z.object({ email, name: personName, role });
export const roleForm = z.object({ role });
