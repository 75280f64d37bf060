/**
 * The package compilation stage's inputs and outputs (bosh-director `DeploymentPlan::Stages::PackageCompileStage`
 * with its `CompilationInstancePool`): which packages of which release versions to compile for one stemcell, and
 * the compilation VMs' configuration (the deployment manifest's `compilation:` block).
 */
import type { AgentClient } from '../../ports/agent-client.js';
import type {
  CompiledPackageRecord,
  PackageRecord,
  ReleaseRepo,
  ReleaseVersionRecord,
  StemcellRecord,
} from '../../ports/director-release-store.js';
import type { TaskContext } from '../tasks/task-context.js';

/** A release version and the packages its jobs use (their dependencies are added); all of them when absent. */
export interface CompileRelease {
  readonly version: ReleaseVersionRecord;
  readonly packages?: readonly string[];
}

export type CompileStemcell = Pick<StemcellRecord, 'name' | 'version' | 'operatingSystem' | 'cid'>;

/** The manifest's `compilation:` block, resolved: the network's create_vm settings come from the planner. */
export interface CompilationConfig {
  readonly workers: number;
  readonly reuseCompilationVms: boolean;
  /** `vm_type`'s (or the legacy `cloud_properties`) cloud properties for create_vm. */
  readonly cloudProperties: Readonly<Record<string, unknown>>;
  /** The compilation network: its name and the settings create_vm gets for it (type, ip, default, ...). */
  readonly network: {
    readonly name: string;
    readonly settings: Readonly<Record<string, unknown>>;
    /**
     * A manual network: each compilation VM gets an address of its own (`reserve`), given back when the VM is
     * deleted (`release`). Without it every VM gets `settings`.
     */
    readonly addresses?: {
      readonly reserve: () => Promise<Readonly<Record<string, unknown>>>;
      readonly release: (settings: Readonly<Record<string, unknown>>) => Promise<void>;
    };
  };
  readonly env?: Readonly<Record<string, unknown>>;
}

/** The CPI calls the stage makes (`create_vm`, `delete_vm`); ExternalCpi fits. */
export interface CompileCpi {
  call(method: string, args: readonly unknown[]): Promise<unknown>;
}

/** A compilation VM as create_vm returned it. */
export interface CompilationVm {
  readonly agentId: string;
  readonly cid: string;
  /** The networks create_vm answered (CPI API v2) or the ones it was given. */
  readonly networks: Readonly<Record<string, unknown>>;
  /** The compilation network's settings it was created with (its own address on a manual network). */
  readonly requested?: Readonly<Record<string, unknown>>;
}

export interface CompilePackagesInput {
  readonly releases: readonly CompileRelease[];
  readonly stemcell: CompileStemcell;
  readonly compilation: CompilationConfig;
  readonly ctx: TaskContext;
  readonly store: Pick<ReleaseRepo, 'compiledPackages' | 'createCompiledPackage'>;
  readonly cpi: CompileCpi;
  /** The director's agent client for a new compilation VM (its checkpoint should be the task's). */
  readonly agents: (vm: CompilationVm) => AgentClient;
  /** UUIDs: agent ids. */
  readonly newId: () => string;
  /** wait_until_ready's deadline (BOSH: agent_wait_timeout, 600 s). */
  readonly agentWaitTimeoutSeconds?: number;
}

export interface CompiledPackageUse {
  readonly releaseName: string;
  readonly package: PackageRecord;
  readonly compiled: CompiledPackageRecord;
}

/** A deploy's compiled package, for the instances on the stemcell (record id) it was compiled for. */
export interface StemcellPackageUse extends CompiledPackageUse {
  readonly stemcellId: number;
}

export interface CompilePackagesResult {
  /** Every requested package (with dependencies) and the compiled package it uses on this stemcell. */
  readonly packages: readonly CompiledPackageUse[];
  /** How many packages were compiled (the others were found compiled). */
  readonly compilationsPerformed: number;
}
