import { describe, expect, it } from 'vitest';
import type { VmInfo } from '../director-client/api-deployments.js';
import { buildHost } from './host-builder.js';

const vm = (o: Partial<VmInfo>): VmInfo =>
  ({ jobName: 'web', id: 'abc', index: 0, active: true, ips: ['10.0.0.5'], vmCid: 'vm-1', ...o }) as VmInfo;
const infos = (vms: VmInfo[]) => () => Promise.resolve(vms);

describe('bosh ssh -i: the host (bosh-cli HostBuilder)', () => {
  it('is the IP given, or the first IP of the active VM of the instance', async () => {
    expect(await buildHost({ group: '', indexOrId: '', ip: '10.1.1.1' }, 'vcap', infos([]))).toEqual({
      job: '',
      indexOrId: '',
      username: 'vcap',
      hostPublicKey: '',
      host: '10.1.1.1',
    });
    const vms = [
      vm({ active: false, ips: ['10.0.0.1'] }),
      vm({ index: 1, id: 'def', ips: ['10.0.0.6'] }),
      vm({}),
    ];
    expect((await buildHost({ group: 'web', indexOrId: '0' }, 'vcap', infos(vms))).host).toBe('10.0.0.5');
    expect((await buildHost({ group: 'web', indexOrId: 'def' }, 'me', infos(vms))).host).toBe('10.0.0.6');
  });

  it("fails in bosh-cli's words", async () => {
    await expect(
      buildHost({ group: 'web', indexOrId: '' }, 'vcap', infos([vm({}), vm({ index: 1 })])),
    ).rejects.toThrow(/^Instance web refers to more than 1 VM$/);
    await expect(buildHost({ group: 'db', indexOrId: '0' }, 'vcap', infos([vm({})]))).rejects.toThrow(
      /^Instance db\/0 has no active VM$/,
    );
    await expect(
      buildHost({ group: 'web', indexOrId: '0' }, 'vcap', infos([vm({ ips: [] })])),
    ).rejects.toThrow(/^VM vm-1 has no IP address$/);
    const failing = () => Promise.reject(new Error('boom'));
    await expect(buildHost({ group: 'web', indexOrId: '0' }, 'vcap', failing)).rejects.toThrow(
      /^Finding VM for web\/0$/,
    );
  });
});
