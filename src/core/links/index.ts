/** BOSH links: parsing the jobs' provides/consumes, resolving consumers to providers, and the content templates see. */
export { linkContent } from './content.js';
export { mapLinkProperties } from './link-properties.js';
export { consumedDeployments } from './parse.js';
export { providerLinkSpec } from './provider-spec.js';
export { consumedLinks, resolveLinks } from './resolve.js';
export type * from './types.js';
