import { AccountsUsersAudit20261122000100 } from './20261122000100-accounts-users-audit';
import { SeedStarterTariffs20261122000200 } from './20261122000200-seed-starter-tariffs';
import { Telephony20261122000300 } from './20261122000300-telephony';
import { CallerNumberRules20261122054859 } from './20261122054859-caller-number-rules';
import { DeletedExtensions20261122062355 } from './20261122062355-deleted-extensions';
import { CallsExtensionIndex20261122062747 } from './20261122062747-calls-extension-index';
import { Ledger20261206000100 } from './20261206000100-ledger';
import { Notifications20261206000200 } from './20261206000200-notifications';
import { Prompts20261206020000 } from './20261206020000-prompts';
import { RecordingRules20261206020100 } from './20261206020100-recording-rules';
import { VoicemailNotified20261206030000 } from './20261206030000-voicemail-notified';
import { CallStats20261206040000 } from './20261206040000-call-stats';
import { CallsChangedAt20261206040100 } from './20261206040100-calls-changed-at';
import { CallsLiveIndex20261206050000 } from './20261206050000-calls-live-index';
import { CallLegsHeld20261206050100 } from './20261206050100-call-legs-held';
import { TariffModel20261206060000 } from './20261206060000-tariff-model';
import { SeedTariffVersions20261206060100 } from './20261206060100-seed-tariff-versions';
import { IncludedMinutesUsed20261206060200 } from './20261206060200-included-minutes-used';
import { IssuedDocuments20261206070000 } from './20261206070000-issued-documents';
import { ServiceEnded20261206080000 } from './20261206080000-service-ended';
import { AccountArchives20261206080100 } from './20261206080100-account-archives';
import { StorageAlerts20261206080200 } from './20261206080200-storage-alerts';
import { DocumentCorrections20261206090000 } from './20261206090000-document-corrections';
import { CallLegWarnings20261206100000 } from './20261206100000-call-leg-warnings';

/** Every migration in order; a new one is added at the end, one per line. */
export const migrations = [
  AccountsUsersAudit20261122000100,
  SeedStarterTariffs20261122000200,
  Telephony20261122000300,
  CallerNumberRules20261122054859,
  DeletedExtensions20261122062355,
  CallsExtensionIndex20261122062747,
  Ledger20261206000100,
  Notifications20261206000200,
  Prompts20261206020000,
  RecordingRules20261206020100,
  VoicemailNotified20261206030000,
  CallStats20261206040000,
  CallsChangedAt20261206040100,
  CallsLiveIndex20261206050000,
  CallLegsHeld20261206050100,
  TariffModel20261206060000,
  SeedTariffVersions20261206060100,
  IncludedMinutesUsed20261206060200,
  IssuedDocuments20261206070000,
  ServiceEnded20261206080000,
  AccountArchives20261206080100,
  StorageAlerts20261206080200,
  DocumentCorrections20261206090000,
  CallLegWarnings20261206100000,
];
