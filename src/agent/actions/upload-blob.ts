import { parseMultipleDigest } from '../../adapters/blobstore/digest.js';
import { wrapError } from '../../base/errors.js';
import { decodeGoBase64 } from '../../base/yaml/go-base64.js';
import { field, root, str, struct } from '../../protocol/agent.js';
import { asyncAction, decodeArg, methodArgs, type AgentAction } from '../dispatch/action.js';
import type { BlobManager } from '../ports.js';

interface UploadBlobSpec {
  readonly blobId: string;
  readonly checksum: ReturnType<typeof parseMultipleDigest>;
  readonly payload: string;
}

function uploadBlobArg(v: unknown): UploadBlobSpec {
  const at = root('action.UploadBlobSpec');
  const o = struct(v, at, 'action.UploadBlobSpec');
  const f = (name: string) => field(at, 'UploadBlobSpec', name);
  return {
    blobId: str(o['blob_id'], f('blob_id')),
    checksum: parseMultipleDigest(str(o['checksum'], f('checksum'))),
    payload: str(o['payload'], f('payload')),
  };
}

/** `upload_blob [{blob_id, checksum, payload}]` (task) → blob_id: the base64 payload, checked, in sensitive_blobs. */
export const uploadBlob = (sensitiveBlobs: BlobManager): AgentAction =>
  asyncAction(async (args) => {
    const spec = decodeArg(methodArgs(args, 1)[0], uploadBlobArg);
    const bytes = decodeGoBase64(spec.payload);
    if (bytes === null) throw new Error('illegal base64 data at input byte 0');
    try {
      const verifier = spec.checksum.verifier();
      verifier.update(bytes);
      verifier.verify();
    } catch (e) {
      throw wrapError(e, `Payload corrupted. Checksum mismatch. Expected '${spec.checksum.toString()}'`);
    }
    await sensitiveBlobs.write(spec.blobId, bytes);
    return spec.blobId;
  });
