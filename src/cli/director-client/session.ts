import type { GlobalOptions } from '../global-options.js';
import type { Ui } from '../ui/ui.js';
import { fetchInfo, type DirectorInfo } from './api-info.js';
import type { BoshConfig, Creds } from './bosh-config.js';
import { describeCreds, isUaa } from './creds.js';
import { Director, type DirectorTiming } from './director.js';
import { parseDirectorUrl } from './director-url.js';
import { uaaAuthorization } from './uaa.js';

export interface SessionOptions {
  readonly globals: GlobalOptions;
  readonly config: BoshConfig;
  readonly ui: Ui;
  /** `Using environment '<url>' as <creds>` once the director is reached. */
  readonly printEnvironment: boolean;
  readonly timing: DirectorTiming;
}

/**
 * bosh-cli's session: the environment (`-e`, an alias resolved through the config), its CA certificate
 * (`--ca-cert` over the config's) and credentials (`--client`/`--client-secret` over the config's), and the
 * director built from them after an anonymous GET /info tells the auth type.
 */
export class Session {
  private info: DirectorInfo | undefined;
  private authed: Director | undefined;

  constructor(private readonly o: SessionOptions) {}

  environment(): string {
    return this.o.config.resolveEnvironment(this.o.globals.environment ?? '');
  }

  credentials(): Creds {
    const creds = this.o.config.credentials(this.environment());
    const client = this.o.globals.client ?? '';
    if (client === '') return creds;
    return { ...creds, client, clientSecret: this.o.globals.clientSecret ?? '' };
  }

  caCert(): string {
    const fromFlag = this.o.globals.caCert ?? '';
    return fromFlag !== '' ? fromFlag : this.o.config.caCert(this.environment());
  }

  anonymousDirector(): Director {
    return Director.create({
      address: parseDirectorUrl(this.environment()),
      caCert: this.caCert(),
      authorization: () => Promise.resolve(undefined),
      ui: this.o.ui,
      timing: this.o.timing,
    });
  }

  async directorInfo(): Promise<DirectorInfo> {
    this.info ??= await fetchInfo(this.anonymousDirector());
    return this.info;
  }

  async director(): Promise<Director> {
    if (this.authed) return this.authed;
    const address = parseDirectorUrl(this.environment());
    const creds = this.credentials();
    const info = await this.directorInfo();
    let authorization: (retried: boolean) => Promise<string | undefined> = () => Promise.resolve(undefined);
    if (info.authType !== 'uaa') {
      if (creds.client !== '') {
        const basic = `Basic ${Buffer.from(`${creds.client}:${creds.clientSecret}`).toString('base64')}`;
        authorization = () => Promise.resolve(basic);
      }
    } else if (isUaa(creds)) {
      authorization = uaaAuthorization({
        info,
        creds,
        caCert: this.caCert(),
        config: this.o.config,
        environment: this.environment(),
      });
    }
    if (this.o.printEnvironment) {
      this.o.ui.printLine(`Using environment '${this.environment()}' as ${describeCreds(creds)}`);
    }
    this.authed = Director.create({
      address,
      caCert: this.caCert(),
      authorization,
      ui: this.o.ui,
      timing: this.o.timing,
    });
    return this.authed;
  }
}
