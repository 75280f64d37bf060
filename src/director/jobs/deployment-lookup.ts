/** bosh-director's `Api::DeploymentLookup#by_name`: a deployment by name, or BOSH's `DeploymentNotFound`. */
import { BoshError } from '../../core/errors.js';
import type { DeploymentRecord, DeploymentState, DirectorStore } from '../../ports/director-store.js';

type Deployments = Pick<DirectorStore, 'deployments'>;

const notFound = (name: string): BoshError =>
  new BoshError('DeploymentNotFound', `Deployment '${name}' doesn't exist`);

/** The deployment's record. */
export async function deploymentOrFail(store: Deployments, name: string): Promise<DeploymentRecord> {
  const deployment = await store.deployments.get(name);
  if (deployment === undefined) throw notFound(name);
  return deployment;
}

/** The deployment with its instances. */
export async function deploymentStateOrFail(store: Deployments, name: string): Promise<DeploymentState> {
  const state = await store.deployments.state(name);
  if (state === undefined) throw notFound(name);
  return state;
}
