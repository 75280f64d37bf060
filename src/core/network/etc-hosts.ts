/**
 * The `/etc/hosts` of a BOSH VM before any DNS records: bosh-agent's `EtcHostsTemplate`, the VM's hostname (its
 * agent id) on the loopback addresses.
 */
export function stemcellEtcHosts(hostname: string): string {
  return (
    `127.0.0.1 ${hostname} localhost\n\n` +
    '# The following lines are desirable for IPv6 capable hosts\n' +
    `::1 ${hostname} localhost ip6-localhost ip6-loopback\n` +
    'fe00::0 ip6-localnet\nff00::0 ip6-mcastprefix\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n' +
    'ff02::3 ip6-allhosts\n'
  );
}
