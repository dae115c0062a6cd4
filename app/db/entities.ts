import { Account, Tariff } from '../features/accounts/entities';
import { AuditEntry } from '../features/audit/entities';
import { LedgerEntry } from '../features/billing/ledger-entities';
import { Call, CallLeg } from '../features/calls/entities';
import { Extension, RingGroup, RingGroupMember } from '../features/extensions/entities';
import { DeletedExtension } from '../features/extensions/deleted-entity';
import { CallerListEntry } from '../features/lists/entities';
import { Notification } from '../features/notifications/entities';
import { PhoneNumber } from '../features/numbers/entities';
import { Recording } from '../features/recordings/entities';
import { Scenario } from '../features/scenarios/entities';
import { AgreementAcceptance, Membership, User, UserToken } from '../features/users/entities';
import { VoicemailMessage } from '../features/voicemail/entities';

/** Every entity the DataSource maps. */
export const entities = [
  Account,
  Tariff,
  User,
  Membership,
  UserToken,
  AgreementAcceptance,
  AuditEntry,
  PhoneNumber,
  Extension,
  RingGroup,
  RingGroupMember,
  Scenario,
  CallerListEntry,
  Call,
  CallLeg,
  Recording,
  VoicemailMessage,
  DeletedExtension,
  LedgerEntry,
  Notification,
];
