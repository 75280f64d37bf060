/**
 * What `bosh --version` prints. We report the bosh-cli release whose behaviour we match, with our own version as
 * build metadata, so scripts that check `version 7.x` keep working.
 */
export const BOSH_CLI_COMPAT_VERSION = '7.9.13';
export const BOSH_TS_VERSION = '0.1.0';
export const VERSION_LABEL = `${BOSH_CLI_COMPAT_VERSION}+bosh-ts.${BOSH_TS_VERSION}`;
