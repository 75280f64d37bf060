import { wrapError } from '../../base/errors.js';
import type { PromptInput, UiOutput } from './ui.js';

/**
 * go-interact as bosh-cli's WriterUI uses it: the prompt goes to stdout, the answer is read from stdin, and when
 * stdin is not a terminal the answer (or, for a password, just the line break) is echoed after the prompt.
 */
export class Asker {
  constructor(
    private readonly out: UiOutput,
    private readonly input: PromptInput | undefined,
  ) {}

  async text(label: string): Promise<string> {
    return this.line(`${label} (): `, false, 'Asking for text');
  }

  async password(label: string): Promise<string> {
    return this.line(`${label} (): `, true, 'Asking for password');
  }

  /** A bool defaulting to false: Enter or `n` stop, `y` goes on, anything else is asked again. */
  async confirmation(): Promise<void> {
    for (;;) {
      const answer = await this.line('Continue? [yN]: ', false, 'Asking for confirmation');
      if (answer === 'y' || answer === 'Y' || answer === 'yes') return;
      if (answer === '' || answer === 'n' || answer === 'N' || answer === 'no') throw new Error('Stopped');
      this.out.stdout('invalid input (not y, n, yes, or no)\n');
    }
  }

  private async line(prompt: string, secret: boolean, context: string): Promise<string> {
    this.out.stdout(prompt);
    const answer = this.input ? await this.input.readLine(secret) : null;
    if (answer === null) throw wrapError(new Error('EOF'), context);
    if (this.input?.terminal !== true) this.out.stdout(secret ? '\n' : `${answer}\n`);
    return answer;
  }
}
