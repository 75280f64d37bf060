import { describe, expect, it } from 'vitest';
import { decodeUpdateSettings } from '../settings/update-settings-codec.js';
import { mergeUpdateSettings } from './update-settings.js';

describe('update_settings merge', () => {
  const existing = decodeUpdateSettings({
    trusted_certs: 'old',
    blobstores: [{ provider: 'local', options: { blobstore_path: '/a' } }],
    mbus: { urls: ['https://x:y@0.0.0.0:6868'] },
  });

  it('replaces certs and disk associations without a restart when mbus and blobstores are unchanged or absent', () => {
    const { merged, restart } = mergeUpdateSettings(
      existing,
      decodeUpdateSettings({ trusted_certs: 'new', disk_associations: [{ name: 'd', cid: 'c' }] }),
    );
    expect(restart).toBe(false);
    expect(merged.trusted_certs).toBe('new');
    expect(merged.disk_associations).toEqual([{ name: 'd', cid: 'c' }]);
    expect(merged.blobstores).toEqual(existing.blobstores);
    expect(merged.mbus).toEqual(existing.mbus);
  });

  it('asks for a restart when blobstores or mbus change', () => {
    const blob = mergeUpdateSettings(
      existing,
      decodeUpdateSettings({ blobstores: [{ provider: 'dav', options: { endpoint: 'http://d' } }] }),
    );
    expect(blob.restart).toBe(true);
    expect(blob.merged.blobstores).toEqual([{ provider: 'dav', options: { endpoint: 'http://d' } }]);
    const mbus = mergeUpdateSettings(existing, decodeUpdateSettings({ mbus: { cert: { ca: 'CA' } } }));
    expect(mbus.restart).toBe(true);
    expect(mbus.merged.mbus.cert.ca).toBe('CA');
  });
});
