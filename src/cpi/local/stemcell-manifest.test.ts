import { describe, expect, it } from 'vitest';
import { operatingSystemOf, stemcellManifestYaml } from './stemcell-manifest.js';

describe('stemcell.MF of a local stemcell', () => {
  it("is bosh-cli's Manifest struct in field order", () => {
    expect(
      stemcellManifestYaml({
        name: 'bosh-local-debian-bookworm-go_agent',
        version: '1.0',
        operatingSystem: 'debian-bookworm',
        sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
        apiVersion: 3,
      }),
    ).toBe(
      [
        'name: bosh-local-debian-bookworm-go_agent',
        'version: "1.0"',
        'operating_system: debian-bookworm',
        'sha1: da39a3ee5e6b4b0d3255bfef95601890afd80709',
        'bosh_protocol: "1"',
        'stemcell_formats:',
        '- local',
        'api_version: 3',
        'cloud_properties: {}',
        '',
      ].join('\n'),
    );
  });

  it('names the OS after os-release ID and codename', () => {
    expect(
      operatingSystemOf(
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_CODENAME=bookworm\n',
      ),
    ).toBe('debian-bookworm');
    expect(operatingSystemOf('ID="ubuntu"\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy')).toBe('ubuntu-jammy');
    expect(operatingSystemOf('ID=alpine\nVERSION_ID=3.20.1\n')).toBe('alpine-3.20.1');
    expect(operatingSystemOf('')).toBe('linux');
  });
});
