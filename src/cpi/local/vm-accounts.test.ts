import { describe, expect, it } from 'vitest';
import { withVcapAccount } from './vm-accounts.js';

const ROOT_PASSWD = 'root:x:0:0:root:/root:/bin/bash\n';
const ROOT_GROUP = 'root:x:0:\n';

describe('withVcapAccount', () => {
  it('adds vcap with uid and gid 1000, as on a stemcell', () => {
    expect(withVcapAccount({ passwd: ROOT_PASSWD, group: ROOT_GROUP })).toEqual({
      passwd: `${ROOT_PASSWD}vcap:x:1000:1000:BOSH System User:/home/vcap:/bin/bash\n`,
      group: `${ROOT_GROUP}vcap:x:1000:\n`,
    });
  });

  it('leaves hosts that have vcap alone', () => {
    const passwd = `${ROOT_PASSWD}vcap:x:1001:1002::/home/vcap:/bin/bash\n`;
    expect(withVcapAccount({ passwd, group: `${ROOT_GROUP}vcap:x:1002:\n` })).toBeUndefined();
  });

  it('takes the next free id when the host uses 1000', () => {
    const passwd = `${ROOT_PASSWD}alice:x:1000:1000::/home/alice:/bin/sh\nbob:x:1001:1001::/home/bob:/bin/sh`;
    const group = `${ROOT_GROUP}alice:x:1000:\nbob:x:1001:\n`;
    const files = withVcapAccount({ passwd, group });
    expect(files?.passwd.split('\n').at(-2)).toBe('vcap:x:1002:1002:BOSH System User:/home/vcap:/bin/bash');
    expect(files?.passwd.split('\n').at(-3)).toBe('bob:x:1001:1001::/home/bob:/bin/sh');
    expect(files?.group.split('\n').at(-2)).toBe('vcap:x:1002:');
  });

  it('reuses an existing vcap group or user', () => {
    const onlyGroup = withVcapAccount({ passwd: ROOT_PASSWD, group: `${ROOT_GROUP}vcap:x:1500:\n` });
    expect(onlyGroup?.passwd).toContain('vcap:x:1500:1500:');
    expect(onlyGroup?.group).toBe(`${ROOT_GROUP}vcap:x:1500:\n`);
    const onlyUser = withVcapAccount({
      passwd: `${ROOT_PASSWD}vcap:x:1200:1300::/:/bin/sh\n`,
      group: ROOT_GROUP,
    });
    expect(onlyUser?.group).toBe(`${ROOT_GROUP}vcap:x:1300:\n`);
    expect(onlyUser?.passwd).toBe(`${ROOT_PASSWD}vcap:x:1200:1300::/:/bin/sh\n`);
  });

  it('gives the user another uid when its group id is a taken uid', () => {
    const files = withVcapAccount({
      passwd: `${ROOT_PASSWD}svc:x:1000:2000::/:/bin/sh\n`,
      group: `${ROOT_GROUP}svc:x:2000:\nvcap:x:1000:\n`,
    });
    expect(files?.passwd).toContain('vcap:x:1001:1000:');
  });
});
