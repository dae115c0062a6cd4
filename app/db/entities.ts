import { Account, Tariff } from '../features/accounts/entities';
import { AuditEntry } from '../features/audit/entities';
import { AccountArchive } from '../features/lifecycle/entities';
import { AccountService, CallRating, TariffOption, TariffOptionPrice, TariffRate, TariffVersion } from '../features/billing/entities';
import { LedgerEntry } from '../features/billing/ledger-entities';
import { Call, CallLeg } from '../features/calls/entities';
import { Extension, RingGroup, RingGroupMember } from '../features/extensions/entities';
import { DeletedExtension } from '../features/extensions/deleted-entity';
import { IssuedDocument } from '../features/documents/entities';
import { CallerListEntry } from '../features/lists/entities';
import { Notification } from '../features/notifications/entities';
import { PhoneNumber } from '../features/numbers/entities';
import { Recording } from '../features/recordings/entities';
import { Scenario } from '../features/scenarios/entities';
import { AgreementAcceptance, Membership, User, UserToken } from '../features/users/entities';
import { VoicemailMessage } from '../features/voicemail/entities';
import { Prompt } from '../features/prompts/entities';
import { RecordingRules } from '../features/recording-settings/entities';

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
  TariffVersion,
  TariffRate,
  TariffOption,
  TariffOptionPrice,
  AccountService,
  CallRating,
  Notification,
  IssuedDocument,
  AccountArchive,
  Prompt,
  RecordingRules,
];
