import { describe, expect, it } from 'vitest';
import { goJsonMarshal } from '../../base/go-json.js';
import { decodeApplySpec, encodeApplySpec } from './apply-spec-codec.js';

const directorSpec = {
  deployment: 'cf',
  name: 'router',
  index: 0,
  id: '0c5d-uuid',
  az: 'z1',
  job: {
    name: 'router',
    template: 'gorouter',
    version: 'fp1',
    templates: [{ name: 'gorouter', version: 'fp1', sha1: 'abc', blobstore_id: 'b1', logs: [] }],
  },
  packages: { golang: { name: 'golang', version: 'fp2.1', sha1: 'sha256:aa', blobstore_id: 'b2' } },
  networks: {
    default: { type: 'manual', ip: '10.0.0.5', netmask: '255.255.255.0', default: ['dns', 'gateway'] },
  },
  configuration_hash: 'cafe',
  rendered_templates_archive: { blobstore_id: 'b3', sha1: 'beef' },
  template_hashes: { gorouter: 'x' },
  persistent_disk: 1024,
  dns_domain_name: 'bosh',
};

describe('apply spec codec', () => {
  it('keeps V1ApplySpec fields in Go order, drops the others, sorts map keys', () => {
    const encoded = goJsonMarshal(encodeApplySpec(decodeApplySpec(directorSpec)));
    expect(encoded).toBe(
      '{"properties":{"logging":{"max_log_file_size":""}},' +
        '"job":{"name":"router","release":"","template":"gorouter","version":"fp1","templates":[{"name":"gorouter","version":"fp1"}]},' +
        '"packages":{"golang":{"name":"golang","version":"fp2.1","sha1":"sha256:aa","blobstore_id":"b2","signed_url":"","blobstore_headers":null}},' +
        '"configuration_hash":"cafe",' +
        '"networks":{"default":{"default":["dns","gateway"],"ip":"10.0.0.5","netmask":"255.255.255.0","type":"manual"}},' +
        '"resource_pool":null,"deployment":"cf","name":"router","index":0,"id":"0c5d-uuid","az":"z1",' +
        '"persistent_disk":1024,"rendered_templates_archive":{"sha1":"beef","blobstore_id":"b3"}}',
    );
  });

  it('decodes an empty object (or null) to the zero spec', () => {
    const zero = decodeApplySpec(null);
    expect(zero).toEqual(decodeApplySpec({}));
    expect(zero.index).toBeNull();
    expect(zero.job.name).toBeNull();
    expect(zero.rendered_templates_archive).toBeNull();
    expect(
      decodeApplySpec({ rendered_templates_archive: { sha1: '', blobstore_id: '' } })
        .rendered_templates_archive,
    ).toBeNull();
  });

  it("fails with Go encoding/json's texts", () => {
    expect(() => decodeApplySpec('x')).toThrow(
      'json: cannot unmarshal string into Go value of type applyspec.V1ApplySpec',
    );
    expect(() => decodeApplySpec({ deployment: 3 })).toThrow(
      'json: cannot unmarshal number into Go struct field V1ApplySpec.deployment of type string',
    );
    expect(() => decodeApplySpec({ index: 1.5 })).toThrow(
      'json: cannot unmarshal number 1.5 into Go struct field V1ApplySpec.index of type int',
    );
    expect(() => decodeApplySpec({ job: { templates: [{ name: 1 }] } })).toThrow(
      'json: cannot unmarshal number into Go struct field JobTemplateSpec.job.templates.name of type string',
    );
    expect(() => decodeApplySpec({ rendered_templates_archive: { sha1: 5 } })).toThrow(
      'json: cannot unmarshal number into Go struct field renderedTemplatesArchiveJSONStruct.sha1 of type string',
    );
  });
});
