type Ssh2 = typeof import('ssh2');
let ssh2: Ssh2 | undefined;

/**
 * ssh2 is loaded when SSH is first needed, not at boot (it is left out of the agent bundle and required from
 * node_modules): it would be a good part of an idle agent's memory, and most VMs are never ssh'ed into.
 */
export async function loadSsh2(): Promise<Ssh2> {
  if (ssh2 === undefined) {
    const mod = (await import('ssh2')) as Ssh2 & { default?: Ssh2 };
    ssh2 = mod.default ?? mod;
  }
  return ssh2;
}

/** ssh2 once `loadSsh2` has loaded it (code that runs only while SSH is served). */
export function loadedSsh2(): Ssh2 {
  if (ssh2 === undefined) throw new Error('ssh2 is not loaded');
  return ssh2;
}

/**
 * An ed25519 key pair in OpenSSH format. ssh2 (1.x) writes a malformed key when the public key starts with a zero
 * byte (it drops the byte: about 1 key in 256), which neither ssh2 nor OpenSSH can read back; such a pair is
 * thrown away and another generated.
 */
export function generateEd25519KeyPair(utils: Ssh2['utils']): { private: string; public: string } {
  for (let attempt = 0; ; attempt += 1) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error)) return pair;
    if (attempt >= 16) throw new Error('Generating an SSH key: ssh2 keeps producing unreadable keys');
  }
}
