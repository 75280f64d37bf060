import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Args } from './args.js';
import type { CpiEnv } from './cpi-env.js';
import { writeJsonAtomic } from './layout.js';
import { assignNetworks, releaseIps } from './network.js';
import { killVm } from './processes.js';
import { badArguments, CpiFault, cloudError, vmCreationFailed, vmNotFound } from './response.js';
import { stemcellExists } from './stemcells.js';
import { detachAllDisks } from './disks.js';
import { ephemeralRequest, prepareDataMount } from './ephemeral.js';
import { setUpVmNetwork, tearDownVmNetwork, vmNetworkExists } from './netns.js';
import { readVmState, writeVmState, type VmState } from './vm-state.js';
import { baseDir, buildSettings, makeVmTree, startVm, unmountUnder, writeSettings } from './vm-start.js';

/** create_vm(agent_id, stemcell_cid, cloud_properties, networks, disk_cids, env): v1 → cid, v2 → [cid, networks]. */
export async function createVm(env: CpiEnv, args: Args): Promise<unknown> {
  args.arity(5, 6);
  const agentId = args.string(0, 'agent_id');
  const stemcellCid = args.string(1, 'stemcell_cid');
  const cloudProperties = args.hash(2, 'cloud_properties');
  const requested = args.networks(3, 'networks');
  args.stringList(4, 'disk_cids');
  const vmEnv = args.hash(5, 'env');
  const ephemeral = ephemeralRequest(cloudProperties);
  if (!(await stemcellExists(env.layout, stemcellCid)))
    throw cloudError(`Stemcell '${stemcellCid}' not found`);
  const mode = env.launchMode();

  const { layout } = env;
  const cid = env.newCid('vm');
  const vmDir = layout.vmDir(cid);
  let state: VmState = {
    agent_id: agentId,
    stemcell_cid: stemcellCid,
    cloud_properties: cloudProperties,
    networks: {},
    ips: [],
    launch_mode: mode,
    created_at: env.now().toISOString(),
    process: null,
  };
  try {
    await makeVmTree(vmDir);
    await writeVmState(layout, cid, state);
    const netns = mode === 'netns';
    const { networks, ips } = await assignNetworks(
      layout,
      cid,
      requested,
      env.config.dynamicIps,
      env.log,
      netns,
    );
    state = { ...state, networks, ips };
    await writeVmState(layout, cid, state);
    const settings = buildSettings(env, { cid, agentId, networks, vmEnv });
    await writeSettings(vmDir, baseDir(mode, vmDir), settings);
    const data = await prepareDataMount(ephemeral, { cid, dir: vmDir, mode }, env.log);
    if (netns) await setUpVmNetwork(cid, networks, env.config.bridge, env.log);
    state = { ...state, process: await startVm(env, cid, agentId, mode, data) };
    await writeVmState(layout, cid, state);
    env.log(`Created VM '${cid}' for agent '${agentId}' (${ips.join(', ') || 'no IP'})`);
    return env.apiVersion >= 2 ? [cid, networks] : cid;
  } catch (e) {
    await destroyVm(env, cid, state).catch((cleanup: unknown) => {
      env.log(`Cleaning up VM '${cid}' after failed creation: ${String(cleanup)}`);
    });
    if (e instanceof CpiFault) throw e;
    throw vmCreationFailed(
      `Creating VM for agent '${agentId}': ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * delete_vm(vm_cid): kills every process of the VM, removes its network namespace and veth pair (netns), detaches
 * its disks, frees its IPs, removes its files.
 */
export async function deleteVm(env: CpiEnv, args: Args): Promise<null> {
  const cid = args.arity(1).string(0, 'vm_cid');
  const state = await readVmState(env.layout, cid);
  await destroyVm(env, cid, state);
  env.log(`Deleted VM '${cid}'`);
  return null;
}

async function destroyVm(env: CpiEnv, cid: string, state: VmState): Promise<void> {
  const { layout } = env;
  const vmDir = layout.vmDir(cid);
  await killVm(cid, state.process);
  if (state.launch_mode === 'netns') tearDownVmNetwork(cid);
  await detachAllDisks(env, cid);
  await releaseIps(layout, cid, state.ips);
  await unmountUnder(vmDir);
  const doomed = join(layout.dataDir, 'vms', `.deleting-${env.newCid(cid)}`);
  await rename(vmDir, doomed).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  });
  await rm(doomed, { recursive: true, force: true });
}

export async function hasVm(env: CpiEnv, args: Args): Promise<boolean> {
  return env.layout.vmExists(args.arity(1).string(0, 'vm_cid'));
}

/** reboot_vm(vm_cid): kills every process of the VM and starts its agent again. */
export async function rebootVm(env: CpiEnv, args: Args): Promise<null> {
  const cid = args.arity(1).string(0, 'vm_cid');
  const state = await readVmState(env.layout, cid);
  await killVm(cid, state.process);
  await writeVmState(env.layout, cid, { ...state, process: null });
  const vm = { cid, dir: env.layout.vmDir(cid), mode: state.launch_mode };
  const data = await prepareDataMount(ephemeralRequest(state.cloud_properties), vm, env.log);
  // A network namespace does not survive a reboot of the host.
  if (vm.mode === 'netns' && !vmNetworkExists(cid))
    await setUpVmNetwork(cid, state.networks, env.config.bridge, env.log);
  const proc = await startVm(env, cid, state.agent_id, state.launch_mode, data);
  await writeVmState(env.layout, cid, { ...state, process: proc });
  env.log(`Rebooted VM '${cid}'`);
  return null;
}

export async function setVmMetadata(env: CpiEnv, args: Args): Promise<null> {
  args.arity(2);
  const cid = args.string(0, 'vm_cid');
  const metadata = args.hash(1, 'metadata');
  if (!(await env.layout.vmExists(cid))) throw vmNotFound(cid);
  await writeJsonAtomic(env.layout.vmMetadata(cid), metadata);
  return null;
}

/**
 * calculate_vm_cloud_properties({cpu, ram, ephemeral_disk_size}): what create_vm takes: `ephemeral_disk.size` sizes
 * the VM's /var/vcap/data (as root in a mount namespace); `cpu` and `ram` are recorded only.
 */
export async function calculateVmCloudProperties(_env: CpiEnv, args: Args): Promise<unknown> {
  const requirements = args.arity(1).hash(0, 'vm_resources');
  const values: Record<string, number> = {};
  for (const key of ['cpu', 'ram', 'ephemeral_disk_size']) {
    const value = requirements[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw badArguments(
        `vm_resources.${key} must be a non-negative Integer, got: ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
      );
    }
    values[key] = value;
  }
  return Promise.resolve({
    cpu: values.cpu,
    ram: values.ram,
    ephemeral_disk: { size: values.ephemeral_disk_size },
  });
}
