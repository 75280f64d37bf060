/**
 * The link provider intents of the director store (`link_provider_intents`): what each deployment's last successful
 * deploy provides, with the content consumers in other deployments resolve against.
 */

export interface LinkProviderRecord {
  readonly instanceGroup: string;
  /** The job providing it (BOSH's provider `name`). */
  readonly job: string;
  readonly originalName: string;
  /** The alias (`as:`), or the original name. */
  readonly name: string;
  readonly type: string;
  readonly shared: boolean;
  readonly consumable: boolean;
  /** The link spec (plain JSON); null when nothing may consume it from outside the deployment. */
  readonly content: unknown;
}

export interface LinkProviderRepo {
  /** Replaces every provider intent of the deployment with these (one transaction). */
  replace(deploymentId: number, providers: readonly LinkProviderRecord[]): Promise<void>;
  /** The provider intents of a deployment, by name (none when it does not exist or never deployed). */
  list(deployment: string): Promise<LinkProviderRecord[]>;
}
