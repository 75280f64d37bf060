/**
 * The texts Go's net/http gives for transport failures, which bosh-cli prints inside its error chain
 * (`Get "https://10.0.0.6:25555/info": dial tcp 10.0.0.6:25555: connect: connection refused`). Node's error codes
 * map onto the common ones; anything else keeps Node's message.
 */
export function goTransportMessage(
  e: unknown,
  method: string,
  url: string,
  host: string,
  port: number,
): string {
  const op = method.charAt(0) + method.slice(1).toLowerCase();
  return `${op} "${url}": ${detail(e, host, port)}`;
}

function detail(e: unknown, host: string, port: number): string {
  const err = e as NodeJS.ErrnoException & { reason?: string };
  const addr = `${host.includes(':') ? `[${host}]` : host}:${port.toString()}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${host}: no such host`;
    case 'ETIMEDOUT':
      return `dial tcp ${addr}: i/o timeout`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: x509: certificate is not valid for ${host}`;
    default:
      return err.message;
  }
}
