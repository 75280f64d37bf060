import { field, goValue, root, slice, str, struct, type UpdateSettings } from '../../protocol/agent.js';

/** update_settings' argument (and `bosh/update_settings.json`) as bosh-agent decodes settings.UpdateSettings. */
export function decodeUpdateSettings(v: unknown): UpdateSettings {
  const at = root('settings.UpdateSettings');
  const o = struct(v, at, 'settings.UpdateSettings');
  const f = (name: string) => field(at, 'UpdateSettings', name);
  const mbus = struct(o['mbus'], f('mbus'), 'settings.MBus');
  const cert = struct(mbus['cert'], f('mbus'), 'settings.CertKeyPair');
  const c = (name: string) => str(cert[name], field(f('mbus'), 'CertKeyPair', name));
  return {
    blobstores: slice(o['blobstores'], f('blobstores'), '[]settings.Blobstore', (b) => {
      const bo = struct(b, f('blobstores'), 'settings.Blobstore');
      return {
        provider: str(bo['provider'], field(f('blobstores'), 'Blobstore', 'provider')),
        options: goValue(bo['options']),
      };
    }),
    disk_associations: slice(
      o['disk_associations'],
      f('disk_associations'),
      'settings.DiskAssociations',
      (d) => {
        const dO = struct(d, f('disk_associations'), 'settings.DiskAssociation');
        const df = (name: string) => field(f('disk_associations'), 'DiskAssociation', name);
        return { name: str(dO['name'], df('name')), cid: str(dO['cid'], df('cid')) };
      },
    ),
    mbus: {
      cert: { ca: c('ca'), certificate: c('certificate'), private_key: c('private_key') },
      urls: slice(mbus['urls'], f('mbus'), '[]string', (u) => str(u, field(f('mbus'), 'MBus', 'urls'))),
    },
    trusted_certs: str(o['trusted_certs'], f('trusted_certs')),
  };
}
