import { describe, expect, it } from 'vitest';
import {
  deploymentRenderErrorMessage,
  instanceRenderErrorMessage,
  jobRenderErrorMessage,
} from './error-format.js';
import { buildTemplateSpec, dnsRecordName } from './template-spec.js';

describe('buildTemplateSpec', () => {
  const base = {
    deployment: 'My_Dep',
    name: 'web_group',
    id: 'uuid-1',
    index: 2,
    az: 'z1',
    bootstrap: false,
    address: 'uuid-1.web-group.default.my-dep.bosh',
  };

  it('has the TemplateSpec keys, dns record names and the default-gateway ip', () => {
    const spec = buildTemplateSpec({
      ...base,
      networks: {
        default: { ip: '10.0.0.5', netmask: '255.255.255.0', default: ['dns', 'gateway'] },
        other: { ip: '10.1.0.5', netmask: '255.255.255.0' },
      },
    });
    expect(spec).toMatchObject({
      deployment: 'My_Dep',
      job: { name: 'web_group' },
      index: 2,
      bootstrap: false,
      name: 'web_group',
      id: 'uuid-1',
      az: 'z1',
      properties_need_filtering: true,
      dns_domain_name: 'bosh',
      persistent_disk: 0,
      ip: '10.0.0.5',
    });
    expect(spec['networks']).toMatchObject({
      default: { ip: '10.0.0.5', dns_record_name: '2.web-group.default.my-dep.bosh' },
      other: { dns_record_name: '2.web-group.other.my-dep.bosh' },
    });
  });

  it('prefers the addressable network and fills dynamic networks with placeholders', () => {
    const spec = buildTemplateSpec({
      ...base,
      persistentDisk: 1024,
      networks: {
        a: { ip: '10.0.0.5', default: ['gateway'] },
        b: { ip: '10.2.0.5', default: ['addressable'] },
        dyn: { type: 'dynamic' },
      },
    });
    expect(spec['ip']).toBe('10.2.0.5');
    expect(spec['persistent_disk']).toBe(1024);
    expect(spec['networks']).toMatchObject({
      dyn: { ip: '127.0.0.1', netmask: '127.0.0.1', gateway: '127.0.0.1' },
    });
  });

  it('canonicalizes dns names', () => {
    expect(dnsRecordName(0, 'A_b.c', 'Net_1', 'dep', 'bosh')).toBe('0.a-bc.net-1.dep.bosh');
  });
});

describe('error messages', () => {
  it('aggregates job, instance group and deployment errors with BOSH indentation', () => {
    const job = jobRenderErrorMessage('web', [
      "Error filling in template 'a.erb' (line 2: Can't find property '[\"x\"]')",
      "Error filling in template 'b.erb' (line 1: boom)",
    ]);
    const group = instanceRenderErrorMessage('web_group', [job]);
    expect(deploymentRenderErrorMessage([group])).toBe(
      [
        'Unable to render instance groups for deployment. Errors are:',
        "  - Unable to render jobs for instance group 'web_group'. Errors are:",
        "    - Unable to render templates for job 'web'. Errors are:",
        "      - Error filling in template 'a.erb' (line 2: Can't find property '[\"x\"]')",
        "      - Error filling in template 'b.erb' (line 1: boom)",
      ].join('\n'),
    );
  });
});
