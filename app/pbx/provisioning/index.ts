/** Customers' phones in Asterisk, provisioned from the database through ARI's dynamic configuration. */
export { ProvisioningInvalid, ProvisioningRefused } from './ari';
export { isPhoneEndpointId, phoneObjects, phoneSipUsername, PHONE_ENDPOINT_ID, SIP_REALM, sipMd5Cred } from './fields';
export { deprovisionExtension, provisionExtension, type ProvisioningDeps } from './phone';
export { PhoneSync, sweepPhones, syncPhones, type SyncResult } from './sync';
