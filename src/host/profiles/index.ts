// Several gateways: the profile registry (keys and clients per profile) and the profile-aware key access.
export { ProfileRegistry, hostOf } from './profileRegistry';
export { ActiveKeyStore } from './activeKeyStore';
export { KeyStoreError } from './keyStore';
