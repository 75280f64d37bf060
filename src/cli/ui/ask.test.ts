import { describe, expect, it } from 'vitest';
import { renderMultilineError } from '../../base/errors.js';
import { JsonUi } from './json-ui.js';
import { NonInteractiveUi } from './non-interactive-ui.js';
import { PaddingUi } from './padding-ui.js';
import { CliPanic, type PromptInput, type Ui } from './ui.js';
import { WriterUi } from './writer-ui.js';

function ui(answers: (string | null)[], terminal = false): { out: string[]; writer: WriterUi } {
  const out: string[] = [];
  const input: PromptInput = { terminal, readLine: () => Promise.resolve(answers.shift() ?? null) };
  return {
    out,
    writer: new WriterUi({ stdout: (s) => out.push(s), stderr: (s) => out.push(`!${s}`) }, true, input),
  };
}

describe('asking (go-interact through bosh-cli WriterUI)', () => {
  it('echoes answers when stdin is not a terminal; a password only as a line break', async () => {
    const { out, writer } = ui(['admin', 'pw']);
    expect(await writer.askForText('Username')).toBe('admin');
    expect(await writer.askForPassword('Password')).toBe('pw');
    expect(out.join('')).toBe('Username (): admin\nPassword (): \n');
  });

  it('leaves echoing to a terminal', async () => {
    const { out, writer } = ui(['admin'], true);
    await writer.askForText('Username');
    expect(out.join('')).toBe('Username (): ');
  });

  it('confirms with y/Y/yes, stops on Enter or n, asks again otherwise', async () => {
    const { out, writer } = ui(['maybe', 'yes']);
    await writer.askForConfirmation();
    expect(out.join('')).toBe(
      'Continue? [yN]: maybe\ninvalid input (not y, n, yes, or no)\nContinue? [yN]: yes\n',
    );
    await expect(ui(['']).writer.askForConfirmation()).rejects.toThrow('Stopped');
    await expect(ui(['N']).writer.askForConfirmation()).rejects.toThrow('Stopped');
  });

  it('fails at the end of input', async () => {
    const err = await ui([])
      .writer.askForPassword('Password')
      .catch((e: unknown) => e as Error);
    expect(renderMultilineError(err as Error)).toBe('Asking for password:\n  EOF');
  });

  it('pads before a question, but not between two questions', async () => {
    const { out, writer } = ui(['a', 'b']);
    const padded = new PaddingUi(writer);
    padded.printLine('Using environment');
    await padded.askForText('Username');
    await padded.askForPassword('Password');
    padded.printLine('done');
    expect(out.join('')).toBe('Using environment\n\nUsername (): a\nPassword (): \n\ndone\n');
  });

  it('-n confirms by itself and panics on text; --json panics on any question', async () => {
    const { writer } = ui([]);
    const nonInteractive: Ui = new NonInteractiveUi(writer);
    await expect(nonInteractive.askForConfirmation()).resolves.toBeUndefined();
    await expect(nonInteractive.askForText('x')).rejects.toEqual(
      new CliPanic('Cannot ask for input in non-interactive UI'),
    );
    await expect(new JsonUi(writer).askForConfirmation()).rejects.toThrow(
      'Cannot ask for confirmation in JSON UI',
    );
    expect(nonInteractive.isInteractive()).toBe(false);
  });
});
