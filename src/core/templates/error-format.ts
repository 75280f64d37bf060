/** BOSH's aggregated template error messages (FormatterHelper#prepend_header_and_indent_body). */

/** Indents every line of `body` (an empty trailing line stays empty), like FormatterHelper#indent_string. */
function indentBody(body: string, by = 2): string {
  const pad = ' '.repeat(by);
  return body
    .split('\n')
    .map((line, i, all) => (i === all.length - 1 && line === '' ? '' : pad + line))
    .join('\n');
}

export function prependHeaderAndIndentBody(header: string, body: string, by = 2): string {
  return `${header}\n${indentBody(body, by)}`;
}

/** One job's failed templates; `messages` are `Error filling in template ...` lines. */
export function jobRenderErrorMessage(jobName: string, messages: readonly string[]): string {
  const body = messages.map((m) => `- ${m.trim()}`).join('\n');
  return prependHeaderAndIndentBody(
    `- Unable to render templates for job '${jobName}'. Errors are:`,
    body.trim(),
  );
}

/** All failed jobs of one instance (of instance group `groupName`). */
export function instanceRenderErrorMessage(groupName: string, jobMessages: readonly string[]): string {
  const body = jobMessages.map((m) => m.trim()).join('\n');
  return prependHeaderAndIndentBody(
    `- Unable to render jobs for instance group '${groupName}'. Errors are:`,
    body.trim(),
  );
}

/** The deploy task's final error once every instance group was rendered. */
export function deploymentRenderErrorMessage(groupMessages: readonly string[]): string {
  const body = groupMessages.map((m) => m.trim()).join('\n');
  return prependHeaderAndIndentBody('Unable to render instance groups for deployment. Errors are:', body);
}

/** A render that failed for one instance group as a whole (its properties or links): the task's whole error. */
export function groupRenderErrorMessage(groupName: string, messages: readonly string[]): string {
  return deploymentRenderErrorMessage([instanceRenderErrorMessage(groupName, messages)]);
}
