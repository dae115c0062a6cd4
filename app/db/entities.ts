import { Account, Tariff } from '../features/accounts/entities';
import { AuditEntry } from '../features/audit/entities';
import { AgreementAcceptance, Membership, User, UserToken } from '../features/users/entities';

/** Every entity the DataSource maps. */
export const entities = [Account, Tariff, User, Membership, UserToken, AgreementAcceptance, AuditEntry];
