/**
 * The link provider intents of the director store (`link_provider_intents`): what each deployment's last successful
 * deploy provides, with the content consumers in other deployments resolve against.
 */
import type { ProviderIdentity } from '../core/links/types.js';

export interface LinkProviderRecord extends ProviderIdentity {
  /** The provider's instance group. */
  readonly group: string;
  /** The link spec (plain JSON); null when nothing may consume it from outside the deployment. */
  readonly content: unknown;
}

export interface LinkProviderRepo {
  /** Replaces every provider intent of the deployment with these (one transaction). */
  replace(deploymentId: number, providers: readonly LinkProviderRecord[]): Promise<void>;
  /** The provider intents of a deployment, by name (none when it does not exist or never deployed). */
  list(deployment: string): Promise<LinkProviderRecord[]>;
}
