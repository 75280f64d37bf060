/**
 * Ruby's `Time#to_s`, to the second, of a time on a director running in UTC: `2024-01-02 03:04:05 <zone>`, the
 * zone `UTC` for a UTC time (`Time#utc`, as BOSH serializes times in JSON) and `+0000` for a local one (`Time.now`).
 */
export function rubyTimeToS(unixSeconds: number, zone: 'UTC' | '+0000'): string {
  return `${new Date(Math.floor(unixSeconds) * 1000).toISOString().slice(0, 19).replace('T', ' ')} ${zone}`;
}
