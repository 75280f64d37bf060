/** Ruby's `Time#to_s` in UTC, as BOSH serializes times in JSON: `2024-01-02 03:04:05 UTC`. */
export function rubyTime(unixSeconds: number): string {
  return `${new Date(Math.floor(unixSeconds) * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
