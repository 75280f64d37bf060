import { wrapError } from '../../base/errors.js';
import { field, map, root, str, struct } from '../../protocol/agent.js';
import { Compiler, type CompiledDependency } from '../compile/compiler.js';
import { asyncAction, decodeArg, methodArgs, type AgentAction } from '../dispatch/action.js';
import type { AgentContext } from './context.js';
import { digestArg, fieldOf } from './go-args.js';

/**
 * `compiler.Dependencies`: `{"<pkg>": {"name","version","sha1","blobstore_id"}}`, by key order. compiler.Package
 * has `Name`, `Sha1` and `Version` without tags: the director's lower-case keys land there (fieldOf).
 */
export function dependenciesArg(v: unknown): CompiledDependency[] {
  const at = root('compiler.Dependencies');
  const deps = map(v, at, 'compiler.Dependencies', (d, key) => {
    const dAt = field(at, 'Package', key);
    const o = struct(d, dAt, 'compiler.Package');
    const f = (name: string) => field(dAt, 'Package', name);
    return {
      name: str(fieldOf(o, 'Name'), f('Name')),
      version: str(fieldOf(o, 'Version'), f('Version')),
      blobstoreId: str(fieldOf(o, 'blobstore_id'), f('blobstore_id')),
      digest: digestArg(fieldOf(o, 'Sha1'), f('Sha1')),
    };
  });
  return Object.values(deps ?? {});
}

/**
 * `compile_package [blobstore_id, sha1, name, version, deps]` (task) → `{"result":{"blobstore_id","sha1"}}`: builds
 * the package from its source with its compiled dependencies installed and uploads the compiled tarball.
 */
export const compilePackage = (ctx: Pick<AgentContext, 'dirs' | 'blobstore' | 'logger'>): AgentAction => {
  const compiler = new Compiler({
    dirs: ctx.dirs,
    blobstore: ctx.blobstore,
    logger: ctx.logger,
    baseEnv: process.env,
  });
  return asyncAction(async (args) => {
    const [idArg, digestValue, nameArg, versionArg, depsArg] = methodArgs(args, 5);
    const blobstoreId = decodeArg(idArg, (v) => str(v, root('string')));
    const digest = decodeArg(digestValue, (v) => digestArg(v, root('crypto.MultipleDigest')));
    const name = decodeArg(nameArg, (v) => str(v, root('string')));
    const version = decodeArg(versionArg, (v) => str(v, root('string')));
    const dependencies = decodeArg(depsArg, dependenciesArg);
    let uploaded: { readonly blobId: string; readonly sha1: string };
    try {
      uploaded = await compiler.compile({ name, version, blobstoreId, digest }, dependencies);
    } catch (e) {
      throw wrapError(e, `Compiling package ${name}`);
    }
    return { result: { blobstore_id: uploaded.blobId, sha1: uploaded.sha1 } };
  });
};
