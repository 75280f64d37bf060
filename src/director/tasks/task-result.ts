/**
 * `JobRunner#truncate`: a task's result keeps at most 128 characters; a longer one is cut at the last whole word
 * within 129 characters and ends with `...`.
 */
export function truncateTaskResult(result: string, len = 128): string {
  const stripped = Array.from(result.trim())
    .slice(0, len + 1)
    .join('');
  if (Array.from(stripped).length <= len) return stripped;
  return `${stripped.replace(/\s+?(\S+)?$/, '')}...`;
}
