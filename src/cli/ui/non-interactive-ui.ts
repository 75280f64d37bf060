import { DelegatingUi } from './delegating-ui.js';
import { CliPanic } from './ui.js';

/** `-n`: confirmations are answered yes; asking for text or a password is a panic, as in bosh-cli. */
export class NonInteractiveUi extends DelegatingUi {
  override askForText(): Promise<string> {
    return Promise.reject(new CliPanic('Cannot ask for input in non-interactive UI'));
  }
  override askForPassword(): Promise<string> {
    return Promise.reject(new CliPanic('Cannot ask for password in non-interactive UI'));
  }
  override askForConfirmation(): Promise<void> {
    return Promise.resolve();
  }
  override isInteractive(): boolean {
    return false;
  }
}
