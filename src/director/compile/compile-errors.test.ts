import { describe, expect, it } from 'vitest';
import { RecordingTaskContext } from '../../testing/recording-task-context.js';
import { FakeCloud, FakeStore, input, pkg, release } from '../../testing/director-compile-fakes.js';
import { compilePackages } from './compile-packages.js';
import { dependencySpec, type Requirement } from './requirements.js';

/** The exact message (and kind) of an error, not a substring of it. */
const error = (kind: string, message: string) => expect.objectContaining({ kind, message }) as unknown;

const compile = (packages = [pkg(1, 'lib')], wanted?: string[]) => {
  const i = input(new RecordingTaskContext(), new FakeCloud(), new FakeStore(), packages);
  const releases = [{ version: release(packages), ...(wanted ? { packages: wanted } : {}) }];
  return compilePackages({ ...i, releases });
};

describe('compilation errors', () => {
  it('refuses a requested package the release does not have', async () => {
    await expect(compile([pkg(1, 'lib')], ['nginx'])).rejects.toThrow(
      error('DirectorError', "Package 'nginx' not found in release 'rel/1'"),
    );
  });

  it('refuses a dependency the release does not have', async () => {
    await expect(compile([pkg(1, 'app', ['lib'])])).rejects.toThrow(
      error('DirectorError', 'Invalid edge: lib'),
    );
  });

  it('refuses a package without source code that is not compiled for the stemcell', async () => {
    const sourceless = { ...pkg(1, 'lib'), blobstoreId: null, sha1: null };
    await expect(compile([sourceless])).rejects.toThrow(
      error(
        'PackageMissingSourceCode',
        "\nCan't use release 'rel'. It references packages without source code and are not compiled against " +
          "stemcell 'bosh-stemcell/621.5':\n - 'lib/fp-lib'\n",
      ),
    );
  });

  it('cannot give a dependency spec before the dependencies are compiled', () => {
    // The compilation stage compiles a package only once its dependencies are: an invariant, checked.
    const requirement = (name: string, dependencies: Requirement[] = []): Requirement => ({
      releaseName: 'rel',
      package: pkg(1, name),
      dependencyKey: '[]',
      dependencies,
      dependents: [],
      compiled: undefined,
    });
    expect(() => dependencySpec(requirement('app', [requirement('lib')]))).toThrow(
      error(
        'DirectorError',
        "Cannot generate package dependency spec for 'app', 'lib' hasn't been compiled yet",
      ),
    );
  });
});
