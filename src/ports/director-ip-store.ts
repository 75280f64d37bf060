/** The IP reservations of the director store (`ip_addresses`): who holds which address of which network. */

export interface IpAddressRecord {
  readonly id: number;
  readonly networkName: string;
  /** As BOSH stores it since 2025: CIDR notation (`10.0.0.5/32`) or a plain address, as the caller gives it. */
  readonly address: string;
  readonly static: boolean;
  readonly instanceId: number | null;
  readonly vmId: number | null;
  readonly orphanedVmId: number | null;
  readonly createdAt: number | null;
  readonly taskId: string | null;
  readonly nicGroup: number | null;
}

/** The instance holding a reservation, with its deployment. */
export interface IpAddressOwner {
  readonly instanceUuid: string;
  readonly job: string;
  readonly deploymentId: number;
  readonly deploymentName: string;
}

export interface IpAddressWithOwner {
  readonly ip: IpAddressRecord;
  /** Null when no instance holds it (an orphaned VM's address). */
  readonly owner: IpAddressOwner | null;
}

export interface NewIpReservation {
  readonly networkName: string;
  readonly address: string;
  readonly static: boolean;
  readonly instanceId: number;
  readonly vmId?: number;
  readonly createdAt: number;
  readonly taskId?: string;
  readonly nicGroup?: number;
}

export interface IpRepo {
  /**
   * Reserves addresses for an instance, all or none (one transaction). Reserving an address the same instance holds
   * updates its type and network; one held by anyone else fails with IpAlreadyReservedError (BOSH's message).
   */
  reserve(reservations: readonly NewIpReservation[]): Promise<IpAddressRecord[]>;
  /** Every reservation of a network (or of all networks), by address. */
  list(filter: { readonly networkName?: string; readonly instanceId?: number }): Promise<IpAddressRecord[]>;
  /** Every reservation with its holder, by address (one query: a deploy reads them all). */
  listWithOwners(): Promise<IpAddressWithOwner[]>;
  /** Releases these addresses (whoever holds them); the count released. */
  release(addresses: readonly string[]): Promise<number>;
  /**
   * Claims an address for a task's VM that belongs to no instance (a compilation VM): true when it was free, false
   * when anyone holds it. The claim is held until released, or until the director ends the task at start.
   */
  claim(c: {
    readonly networkName: string;
    readonly address: string;
    readonly createdAt: number;
    readonly taskId: string;
  }): Promise<boolean>;
  /** Releases what `claim` gave the task and it did not release (its VMs are gone with an interrupted task). */
  releaseClaims(taskId: string): Promise<number>;
  /** Records which VM of the instance uses its addresses (those no other VM of it uses). */
  bindToVm(instanceId: number, vmId: number): Promise<void>;
}
